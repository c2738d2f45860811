"""Corrected programme figures in the shipped default tables (grants/defaults.py):
four staff groups 2015-2017, KA107 staff travel days, Serbia from the 2019 call, the 2024
staff rates 190 / 170 / 148 EUR. The office's own tables are left alone."""

from django.db import migrations

from erasmusdesk.grants.defaults import correct_shipped_tables


def correct(apps, schema_editor):
    correct_shipped_tables(apps)


class Migration(migrations.Migration):
    dependencies = [("grants", "0004_staff_groups_and_travel_days")]

    operations = [migrations.RunPython(correct, migrations.RunPython.noop)]
