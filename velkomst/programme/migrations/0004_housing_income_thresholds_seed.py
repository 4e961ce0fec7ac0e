"""Placeholder income thresholds for referral to permanent housing, by household size.

15,000 DKK a month for one person (the flat threshold used before) and 2,000 DKK more for each further person, up to
six persons (the six-person amount counts for bigger households too). These are placeholders: the centre enters its
own figures on the thresholds page (administrators), valid from the day it chooses.
"""
from datetime import date
from decimal import Decimal

from django.db import migrations

VALID_FROM = date(2020, 1, 1)
AMOUNTS = {1: 15000, 2: 17000, 3: 19000, 4: 21000, 5: 23000, 6: 25000}


def seed(apps, schema_editor):
    Threshold = apps.get_model("programme", "HousingIncomeThreshold")
    if Threshold.objects.exists():
        return
    Threshold.objects.bulk_create([Threshold(valid_from=VALID_FROM, household_size=size, monthly_income=Decimal(amount))
                                   for size, amount in AMOUNTS.items()])


def unseed(apps, schema_editor):
    apps.get_model("programme", "HousingIncomeThreshold").objects.filter(valid_from=VALID_FROM).delete()


class Migration(migrations.Migration):
    dependencies = [("programme", "0003_housing_income_threshold")]
    operations = [migrations.RunPython(seed, unseed)]
