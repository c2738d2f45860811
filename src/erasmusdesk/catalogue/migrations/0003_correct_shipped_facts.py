"""The audited figures for a catalogue loaded before: Jean Monnet figures by call year, the
CBHE duration up to 48 months (catalogue/seed.py, ``correct_shipped_facts``)."""

from django.db import migrations

from erasmusdesk.catalogue.seed import correct_shipped_facts


def correct(apps, schema_editor):
    correct_shipped_facts(apps)


class Migration(migrations.Migration):
    dependencies = [("catalogue", "0002_call_year_figures")]

    operations = [migrations.RunPython(correct, migrations.RunPython.noop)]
