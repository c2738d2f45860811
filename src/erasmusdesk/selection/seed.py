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


def correct_certificate_scales(apps=None) -> None:
    """Bring the shipped TOEFL iBT tables of an existing database to ETS's concordance.

    The 0-120 table had B1 at 42 (2015 research); ETS's concordance of 2026 puts it at 44 and
    A2 at 24. Its thresholds change only where they are still the ones shipped before (the
    office's own edits stay); the sources and the confirmation of both TOEFL tables follow.
    """
    if apps is None:
        from django.apps import apps as global_apps

        apps = global_apps
    certificate_scale = apps.get_model("selection", "CertificateScale")
    threshold = apps.get_model("selection", "CefrThreshold")
    rows = {row[0]: row for row in defaults.CERTIFICATE_SCALES}
    for code in ("toefl_ibt", "toefl_ibt_2026"):
        scale = certificate_scale.objects.filter(code=code).first()
        if scale is None:
            continue
        _, _, _, _, thresholds, confirmed, source = rows[code]
        stored = tuple(
            (row.lowest_score, row.level)
            for row in threshold.objects.filter(scale=scale).order_by("lowest_score")
        )
        if code == "toefl_ibt" and stored == defaults.TOEFL_THRESHOLDS_BEFORE_2026_12:
            threshold.objects.filter(scale=scale).delete()
            threshold.objects.bulk_create(
                threshold(scale=scale, level=level, lowest_score=score)
                for score, level in thresholds
            )
        scale.confirmed, scale.source = confirmed, source
        scale.save(update_fields=["confirmed", "source"])
