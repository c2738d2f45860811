"""Sourced default rate tables (see grants/defaults.py for the figures and their sources)."""

from django.db import migrations

from erasmusdesk.grants.defaults import load_default_tables


def create_default_tables(apps, schema_editor):
    load_default_tables(apps)


class Migration(migrations.Migration):
    dependencies = [("grants", "0001_initial")]

    operations = [migrations.RunPython(create_default_tables, migrations.RunPython.noop)]
