"""Sourced default rules of capacity-building project ideas (see cbhe/defaults.py)."""

from django.db import migrations

from erasmusdesk.cbhe.defaults import load_default_rules


def create_default_rules(apps, schema_editor):
    load_default_rules(apps)


class Migration(migrations.Migration):
    dependencies = [("cbhe", "0001_initial")]

    operations = [migrations.RunPython(create_default_rules, migrations.RunPython.noop)]
