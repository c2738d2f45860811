"""The shipped tables and a new selection's default criteria, written to the database."""

from datetime import date

from erasmusdesk.selection import defaults


def load_default_tables(apps=None) -> None:
    """Create the grade scales and certificate scales of ``defaults.py`` that are missing
    (by code; rows the office changed are left as they are). ``apps``: a migration's."""
    if apps is None:
        from django.apps import apps as global_apps

        apps = global_apps
    grade_scale = apps.get_model("selection", "GradeScale")
    certificate_scale = apps.get_model("selection", "CertificateScale")
    threshold = apps.get_model("selection", "CefrThreshold")
    for code, name, minimum, maximum, pass_mark, confirmed, source in defaults.GRADE_SCALES:
        grade_scale.objects.get_or_create(
            code=code,
            defaults={
                "name": name,
                "profile_scale": defaults.PROFILE_GRADE_SCALES.get(code),
                "minimum": minimum,
                "maximum": maximum,
                "pass_mark": pass_mark,
                "confirmed": confirmed,
                "source": source,
            },
        )
    for code, name, minimum, maximum, thresholds, confirmed, source in defaults.CERTIFICATE_SCALES:
        test, taken_from = defaults.PROFILE_TESTS.get(code, ("", None))
        scale, created = certificate_scale.objects.get_or_create(
            code=code,
            defaults={
                "name": name,
                "profile_test": test,
                "taken_from": date.fromisoformat(taken_from) if taken_from else None,
                "minimum": minimum,
                "maximum": maximum,
                "confirmed": confirmed,
                "source": source,
            },
        )
        if created:
            threshold.objects.bulk_create(
                threshold(scale=scale, level=level, lowest_score=score)
                for score, level in thresholds
            )
