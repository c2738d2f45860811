"""What the competitive selection holds about an applicant, for the download of their data
and for its erasure: published results, the evaluators' points and comments once results
are published (evaluators are not named), appeals and their decisions. Nothing when the
selection app is not installed."""

from django.apps import apps

from erasmusdesk.applications.places import place_label

APP = "erasmusdesk.selection"


def installed() -> bool:
    return apps.is_installed(APP)


def audit_objects(application_ids: list[int]) -> dict[str, list[int]]:
    """The selection's objects of these applications that audit entries may be about."""
    if not installed() or not application_ids:
        return {}
    result_model = apps.get_model("selection", "Result")
    appeal_model = apps.get_model("selection", "Appeal")
    return {
        "selection.result": list(
            result_model.objects.filter(application_id__in=application_ids).values_list(
                "pk", flat=True
            )
        ),
        "selection.appeal": list(
            appeal_model.objects.filter(result__application_id__in=application_ids).values_list(
                "pk", flat=True
            )
        ),
    }


def sections(application_ids: list[int], as_json) -> dict:
    """data.json's sections about the selection; ``as_json`` turns a value into JSON."""
    if not installed():
        return {}
    result_model = apps.get_model("selection", "Result")
    score_model = apps.get_model("selection", "Score")
    appeal_model = apps.get_model("selection", "Appeal")
    results = list(
        result_model.objects.filter(application_id__in=application_ids)
        .select_related("run", "application", "place__agreement__partner")
        .order_by("run__published_at", "pk")
    )
    published = {result.application_id for result in results}
    scores = (
        score_model.objects.filter(
            assignment__application_id__in=published, assignment__conflict=False
        )
        .select_related("criterion", "assignment__application")
        .order_by("assignment__application_id", "criterion__position", "pk")
    )
    appeals = appeal_model.objects.filter(
        result__application_id__in=application_ids
    ).select_related("result__application")
    return {
        "selection_results": [
            {
                "application": result.application.reference,
                "published_at": as_json(result.run.published_at),
                "run": result.run.number,
                "rank": result.position,
                "total": as_json(result.total),
                "result": result.outcome,
                "result_label": str(result.get_outcome_display()),
                "reserve_position": result.reserve_position,
                "place": place_label(result.place) if result.place else None,
                "points": result.points,
            }
            for result in results
        ],
        "selection_scores": [
            {
                "application": score.assignment.application.reference,
                "criterion": score.criterion.name,
                "points": as_json(score.points),
                "maximum": as_json(score.criterion.max_points),
                "comment": score.comment,
            }
            for score in scores
        ],
        "appeals": [
            {
                "application": appeal.result.application.reference,
                "filed_at": as_json(appeal.filed_at),
                "text": appeal.text,
                "status": appeal.status,
                "status_label": str(appeal.get_status_display()),
                "decision": appeal.decision,
                "decided_at": as_json(appeal.decided_at),
            }
            for appeal in appeals
        ],
    }


def erase(application_ids: list[int]) -> None:
    """Blank the free text about these applications: evaluators' comments, conflict of
    interest reasons, appeals and their decisions (points, outcomes and ranks stay)."""
    if not installed() or not application_ids:
        return
    apps.get_model("selection", "Score").objects.filter(
        assignment__application_id__in=application_ids
    ).update(comment="")
    apps.get_model("selection", "Assignment").objects.filter(
        application_id__in=application_ids
    ).update(conflict_reason="")
    apps.get_model("selection", "Appeal").objects.filter(
        result__application_id__in=application_ids
    ).update(text="", decision="")
