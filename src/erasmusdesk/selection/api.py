"""The selection in the API, for the office's own tools: a call's ranking and the allocation
preview (a dry run, with "what if" numbers of places).

Unlike the rest of the API these answers hold applicants' results, so they are for the
office only: a signed-in session (the office's own sign-in) with the permission
selection.view_selection. Without a session: 401; with one but without the permission, or
for a call without a selection: 404 (the office's pages do the same). Applicants appear by
application reference only (no names). Read-only: the preview changes nothing.
"""

from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Field, Query, Router, Schema, Status
from ninja.security import django_auth

from erasmusdesk.core.access import is_office_user
from erasmusdesk.institutions.api import INVALID_INPUT, ErrorOut, Language, Slug
from erasmusdesk.selection.access import VIEW_PERMISSION
from erasmusdesk.selection.explain import place_name
from erasmusdesk.selection.listing import listing
from erasmusdesk.selection.models import CriterionSource, Outcome, Selection
from erasmusdesk.selection.publishing import preview as dry_run

router = Router(tags=["selection"], auth=django_auth)
OFFICE_ONLY = {401: ErrorOut, 404: ErrorOut}


class SelectionCriterionOut(Schema):
    code: str
    name: str
    source: str = Field(description="grade, language, year_of_study (computed) or evaluators")
    weight: str = Field(description="Decimal, as text")
    max_points: str = Field(description="Decimal, as text")


class SelectionTieRuleOut(Schema):
    field: str
    direction: str = Field(description="asc or desc")


class RankedApplicationOut(Schema):
    position: int
    reference: str
    total: str = Field(description="Out of 100, two decimals")
    points: dict[str, str] = Field(description="Criterion code -> points, two decimals")
    decided_by: str | None = Field(
        description="What put this application after the previous one: total, a tie rule's "
        "field, or reference"
    )
    outcome: str = Field(description="selected, reserve or not_selected")
    place_id: int | None
    reserve_position: int | None
    flags: list[str]


class SelectionRankingOut(Schema):
    call: str
    published_run: int = Field(description="0: a dry run, nothing published yet")
    criteria: list[SelectionCriterionOut]
    tie_rules: list[SelectionTieRuleOut]
    ranking: list[RankedApplicationOut]
    unranked: list[str] = Field(description="References still missing evaluators' scores")


class AllocationPlaceOut(Schema):
    place_id: int
    name: str
    places: int
    admitted: list[str] = Field(description="References, in the partner's ranking order")
    ranking: list[str] = Field(description="The partner's ranking of those who chose it")


class AllocationPreviewOut(Schema):
    call: str
    places_changed: dict[str, int]
    places: list[AllocationPlaceOut]
    reserve: list[str] = Field(description="References, in the order of the reserve list")
    not_selected: list[str]
    unranked: list[str]


class SelectionRankingQuery(Schema):
    lang: Language = "en"


class AllocationPreviewQuery(Schema):
    lang: Language = "en"
    places: str = Field(
        "",
        pattern=r"^([0-9]{1,18}:[0-9]{1,3}(,[0-9]{1,18}:[0-9]{1,3})*)?$",
        description='"What if" places: place id:number, comma-separated, e.g. "12:3,15:0"',
    )


def _selection(request: HttpRequest, slug: str) -> Selection | None:
    if not is_office_user(request.user, VIEW_PERMISSION):
        return None
    return Selection.objects.select_related("call").filter(call__slug=slug).first()


def _not_found(slug: str):
    return Status(
        404, {"detail": _("There is no selection of the call %(slug)s.") % {"slug": slug}}
    )


def _ranked(row) -> dict:
    return {
        "position": row.position,
        "reference": row.reference,
        "total": f"{row.total:.2f}",
        "points": {code: f"{points:.2f}" for code, points in row.points.items()},
        "decided_by": row.decided_by,
        "outcome": Outcome(row.outcome).value,
        "place_id": row.place_id,
        "reserve_position": row.reserve_position,
        "flags": list(row.flags),
    }


@router.get(
    "/selection/{slug}/ranking",
    response={200: SelectionRankingOut, **OFFICE_ONLY, **INVALID_INPUT},
    summary="A call's ranking (the published one, else a dry run)",
)
def ranking(request: HttpRequest, slug: Slug, query: Query[SelectionRankingQuery]):
    """The call's ranked applications with their totals and points per criterion, the
    criteria and the published tie rules."""
    selection = _selection(request, slug)
    if selection is None:
        return _not_found(slug)
    result = listing(selection)
    return {
        "call": selection.call.slug,
        "published_run": result.run.number if result.run else 0,
        "criteria": [
            {
                "code": c.code,
                "name": str(c.name),
                "source": CriterionSource(c.source).value,
                "weight": f"{c.weight:.2f}",
                "max_points": f"{c.max_points:.2f}",
            }
            for c in result.criteria
        ],
        "tie_rules": [
            {"field": rule.field, "direction": rule.direction.value}
            for rule in result.computation.inputs.tie_rules
        ]
        + [{"field": "reference", "direction": "asc"}],
        "ranking": [_ranked(row) for row in result.computation.rows],
        "unranked": result.computation.unranked,
    }


@router.get(
    "/selection/{slug}/preview",
    response={200: AllocationPreviewOut, **OFFICE_ONLY, **INVALID_INPUT},
    summary='A dry run of the allocation of places, with "what if" places',
)
def allocation_preview(request: HttpRequest, slug: Slug, query: Query[AllocationPreviewQuery]):
    """Who would get which place with the stored scores (and the places changed as asked),
    who would be on the reserve list, who would not be selected. Changes nothing."""
    selection = _selection(request, slug)
    if selection is None:
        return _not_found(slug)
    changed = {}
    for pair in filter(None, query.places.split(",")):
        place, number = pair.split(":")
        changed[int(place)] = int(number)
    computation = dry_run(selection, places=changed or None)
    inputs = computation.inputs
    return {
        "call": selection.call.slug,
        "places_changed": {str(pk): n for pk, n in changed.items() if pk in inputs.places},
        "places": [
            {
                "place_id": pk,
                "name": place_name(place),
                "places": inputs.places.get(pk, 0),
                "admitted": list(computation.admitted.get(pk, ())),
                "ranking": computation.partner_rankings.get(pk, []),
            }
            for pk, place in sorted(inputs.place_objects.items())
        ],
        "reserve": [row.reference for row in computation.rows if row.outcome == Outcome.RESERVE],
        "not_selected": [
            row.reference for row in computation.rows if row.outcome == Outcome.NOT_SELECTED
        ],
        "unranked": computation.unranked,
    }
