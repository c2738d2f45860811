"""Sourced default grade scales and language certificate scales (selection/defaults.py)."""

from django.db import migrations

from erasmusdesk.selection.seed import load_default_tables


def create_default_tables(apps, schema_editor):
    load_default_tables(apps)


class Migration(migrations.Migration):
    dependencies = [("selection", "0001_initial")]

    operations = [migrations.RunPython(create_default_tables, migrations.RunPython.noop)]
