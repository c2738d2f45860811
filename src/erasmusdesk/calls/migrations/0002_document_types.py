"""Sourced default document types (see calls/defaults.py for the sources)."""

from django.db import migrations

from erasmusdesk.calls.defaults import ensure_document_types


def create_document_types(apps, schema_editor):
    ensure_document_types(apps.get_model("calls", "DocumentType"))


class Migration(migrations.Migration):
    dependencies = [("calls", "0001_initial")]

    operations = [migrations.RunPython(create_document_types, migrations.RunPython.noop)]
