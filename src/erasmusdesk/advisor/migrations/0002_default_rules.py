"""Sourced default rules of the advisor (see advisor/defaults.py)."""

from django.db import migrations

from erasmusdesk.advisor.defaults import load_default_rules


def create_default_rules(apps, schema_editor):
    load_default_rules(apps)


class Migration(migrations.Migration):
    dependencies = [("advisor", "0001_initial")]

    operations = [migrations.RunPython(create_default_rules, migrations.RunPython.noop)]
