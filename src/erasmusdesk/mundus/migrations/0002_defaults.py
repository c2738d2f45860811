"""Sourced defaults of Erasmus Mundus (see mundus/defaults.py)."""

from django.db import migrations

from erasmusdesk.mundus.defaults import load_defaults


def create_defaults(apps, schema_editor):
    load_defaults(apps)


class Migration(migrations.Migration):
    dependencies = [("mundus", "0001_initial")]

    operations = [migrations.RunPython(create_defaults, migrations.RunPython.noop)]
