"""Sourced default rules of the Jean Monnet actions (figures and sources: defaults.py)."""

from django.db import migrations

from erasmusdesk.jeanmonnet.defaults import load_default_rules


def create_default_rules(apps, schema_editor):
    load_default_rules(apps)


class Migration(migrations.Migration):
    dependencies = [("jeanmonnet", "0001_initial")]

    operations = [migrations.RunPython(create_default_rules, migrations.RunPython.noop)]
