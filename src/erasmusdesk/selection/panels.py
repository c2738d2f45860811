"""The selection's panels on the home page (core/home.py): for the office, each committee's
progress, the appeals waiting for a decision and the places on offer; for an evaluator, their
own assignments with their progress."""

from django.db.models import Count, Q
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from erasmusdesk.applications.states import State
from erasmusdesk.core.access import is_office_user
from erasmusdesk.core.home import Item, register_panel
from erasmusdesk.selection import committee
from erasmusdesk.selection.access import VIEW_PERMISSION, is_evaluator
from erasmusdesk.selection.models import Appeal, AppealStatus, Assignment, Result, Selection


def is_office(user) -> bool:
    return is_office_user(user, VIEW_PERMISSION)


def _scored_text(scored: int, total: int) -> str:
    return _("%(scored)d of %(total)d scored") % {"scored": scored, "total": total}


@register_panel(
    "selection.committees", title=gettext_lazy("Committee progress"), shown_to=is_office, order=30
)
def committee_progress(request) -> dict:
    """Per selection not published yet, the scores given against the scores asked for."""
    selections = (
        Selection.objects.filter(run=0)
        .select_related("call")
        .annotate(
            assigned=Count("assignments", filter=Q(assignments__conflict=False)),
            scored=Count(
                "assignments",
                filter=Q(assignments__conflict=False, assignments__completed_at__isnull=False),
            ),
        )
        .order_by("-call__academic_year", "call__slug")
    )
    items = [
        Item(
            label=selection.call.title,
            count=None,
            url=reverse("selection_office:overview", kwargs={"slug": selection.call.slug}),
            detail=_scored_text(selection.scored, selection.assigned),
            tone="warn" if selection.scored < selection.assigned else "",
        )
        for selection in selections
    ]
    return {
        "items": items,
        "empty": _("No selection is under way."),
        "more_url": reverse("selection_office:index"),
        "more_text": _("All selections"),
    }


@register_panel(
    "selection.appeals", title=gettext_lazy("Appeals waiting"), shown_to=is_office, order=40
)
def appeals_waiting(request) -> dict:
    """Per call, the appeals filed and not decided yet."""
    rows = (
        Appeal.objects.filter(status=AppealStatus.PENDING)
        .values("result__run__selection__call__slug", "result__run__selection__call__title")
        .annotate(n=Count("pk"))
        .order_by("result__run__selection__call__slug")
    )
    items = [
        Item(
            label=row["result__run__selection__call__title"],
            count=row["n"],
            url=reverse(
                "selection_office:appeals",
                kwargs={"slug": row["result__run__selection__call__slug"]},
            ),
            tone="warn",
        )
        for row in rows
    ]
    return {"items": items, "empty": _("No appeal waits for a decision.")}


@register_panel(
    "selection.offers", title=gettext_lazy("Places on offer"), shown_to=is_office, order=50
)
def offers_waiting(request) -> dict:
    """Per call, the freed places offered to a reserve who has not answered yet."""
    rows = (
        Result.objects.filter(application__state=State.OFFERED, offered_at__isnull=False)
        .values("run__selection__call__slug", "run__selection__call__title")
        .annotate(n=Count("application", distinct=True))
        .order_by("run__selection__call__slug")
    )
    items = [
        Item(
            label=row["run__selection__call__title"],
            count=row["n"],
            url=reverse(
                "selection_office:overview", kwargs={"slug": row["run__selection__call__slug"]}
            ),
            detail=_("waiting for the applicant's answer"),
        )
        for row in rows
    ]
    return {"items": items, "empty": _("No place is on offer.")}


@register_panel(
    "selection.assignments",
    title=gettext_lazy("Your assignments"),
    shown_to=is_evaluator,
    order=5,
)
def my_assignments(request) -> dict:
    """The evaluator's applications per call: how many are scored of how many to score."""
    rows = (
        Assignment.objects.filter(evaluator=request.user)
        .values("selection__call_id", "selection__call__title")
        .annotate(
            total=Count("pk", filter=Q(conflict=False)),
            scored=Count("pk", filter=Q(conflict=False, completed_at__isnull=False)),
        )
        .order_by("selection__call_id")
    )
    items = [
        Item(
            label=row["selection__call__title"],
            url=f"{reverse('selection:mine')}#call-{row['selection__call_id']}",
            detail=_scored_text(row["scored"], row["total"]),
            tone="warn" if row["scored"] < row["total"] else "",
        )
        for row in rows
    ]
    return {
        "items": items,
        "empty": _("No application is assigned to you yet."),
        "more_url": reverse("selection:mine"),
        "more_text": _("All your assignments"),
    }


@register_panel(
    "selection.short",
    title=gettext_lazy("Applications short of evaluators"),
    shown_to=is_office,
    order=35,
)
def short_of_evaluators(request) -> dict | None:
    """Applications left with fewer evaluators than required after conflicts of interest,
    with no free member to take them over (publishing is refused until they have enough).
    Hidden when there are none."""
    items = []
    for selection in Selection.objects.filter(run=0).select_related("call"):
        short = committee.short_of_evaluators(selection)
        if short:
            items.append(
                Item(
                    label=selection.call.title,
                    count=len(short),
                    url=reverse("selection_office:overview", kwargs={"slug": selection.call.slug}),
                    detail=_("Add a member to the committee and assign again."),
                    tone="warn",
                )
            )
    return {"items": items} if items else None
