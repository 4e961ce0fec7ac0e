"""The pure modules' messages, marked here so that the Danish catalogue translates them.

The pure code raises ValueError with these English texts; the Django layer passes
them through gettext (see `people.services.cpr_resolve`). A test checks that each
constant below is still the text the pure module uses.
"""
from django.utils.translation import gettext_noop

CPR_MESSAGES = [
    gettext_noop("A CPR number has 10 digits, written DDMMYY-SSSS"),
    gettext_noop("The first six digits must be a valid date (DDMMYY)"),
    gettext_noop("The birth date in the CPR number is in the future; check the digits"),
]
