from django.core.management.commands import makemessages


class Command(makemessages.Command):
    """makemessages with `--no-fuzzy-matching`: a guessed translation of a new string is worse than none
    (tests/test_i18n.py then points at the untranslated string)."""

    msgmerge_options = [*makemessages.Command.msgmerge_options, "--no-fuzzy-matching"]

    def add_arguments(self, parser):
        super().add_arguments(parser)
        parser.add_argument("--no-fuzzy-matching", action="store_true", help="always on; accepted for clarity")
