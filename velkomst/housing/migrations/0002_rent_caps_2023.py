from decimal import Decimal

from django.db import migrations

# Monthly caps for 2023 (DOMAIN.md); later years are added by the administrator.
CAPS_2023 = {"single": "2467", "couple": "4520", "children_1_3": "4932", "children_4_plus": "5343"}


def seed(apps, schema_editor):
    RentCap = apps.get_model("housing", "RentCap")
    for kind, cap in CAPS_2023.items():
        RentCap.objects.get_or_create(year=2023, household_type=kind, defaults={"monthly_cap": Decimal(cap)})


def unseed(apps, schema_editor):
    apps.get_model("housing", "RentCap").objects.filter(year=2023).delete()


class Migration(migrations.Migration):
    dependencies = [("housing", "0001_initial")]
    operations = [migrations.RunPython(seed, unseed)]
