"""TOEFL iBT 0-120 on the CEFR after ETS's 2026 concordance (B1 from 44, A2 from 24)."""

from django.db import migrations

from erasmusdesk.selection.seed import correct_certificate_scales


def correct(apps, schema_editor):
    correct_certificate_scales(apps)


class Migration(migrations.Migration):
    dependencies = [("selection", "0002_default_tables")]

    operations = [migrations.RunPython(correct, migrations.RunPython.noop)]
