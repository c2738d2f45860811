"""The ranked list as the office's pages, the committee's report and the API show it: from
the published run (computed again from its snapshot) or, before publication, a dry run."""

from dataclasses import dataclass
from decimal import Decimal

from django.utils.translation import gettext as _

from erasmusdesk.applications.exports import latin_name
from erasmusdesk.selection.committee import short_of_evaluators
from erasmusdesk.selection.explain import place_name
from erasmusdesk.selection.inputs import inputs_from_run
from erasmusdesk.selection.models import Outcome, Run, Selection
from erasmusdesk.selection.outcomes import Computation, compute
from erasmusdesk.selection.publishing import preview

TWO_PLACES = Decimal("0.01")


def flag_labels(flags, names: dict[str, str]) -> list[str]:
    """Readable flags of a row: disagreement, corrected points, missing data."""
    labels = []
    for flag in flags:
        kind, _sep, code = flag.partition(":")
        name = names.get(code, code)
        if kind == "disagreement":
            labels.append(_("evaluators disagree on %(criterion)s") % {"criterion": name})
        elif kind == "corrected":
            labels.append(_("%(criterion)s corrected on appeal") % {"criterion": name})
        elif kind == "no_grade":
            labels.append(_("no grade average (0 points)"))
        elif kind == "grade_outside_scale":
            labels.append(_("grade average outside its scale (0 points)"))
        elif kind == "no_language":
            labels.append(_("no language certificate (0 points)"))
        elif kind == "no_year":
            labels.append(_("no year of study (0 points)"))
        elif kind == "below_minimum":
            labels.append(_("below the lowest total"))
    return labels


@dataclass(frozen=True)
class Line:
    position: int
    reference: str
    name: str
    total: Decimal
    points: list[Decimal]
    flags: list[str]
    outcome: Outcome
    outcome_label: str
    place: str
    reserve_position: int | None
    decided_by: str
    disagreement: bool


@dataclass
class Listing:
    """A call's ranked list: published (``run``) or a dry run (``run`` None)."""

    selection: Selection
    run: Run | None
    computation: Computation

    @property
    def criteria(self):
        return self.computation.inputs.criteria

    def lines(self, only: list[str] | None = None) -> list[Line]:
        """The rows of the call's ranking (or, with ``only``, of those references in that
        order: a partner's ranking)."""
        inputs = self.computation.inputs
        names = {c.code: c.name for c in inputs.criteria}
        rows = self.computation.by_reference
        order = only if only is not None else [row.reference for row in self.computation.rows]
        # Before publication, an application left with too few evaluators after conflicts of
        # interest is marked (publishing is refused until it has enough).
        short = short_of_evaluators(self.selection) if self.run is None else {}
        wanted = self.selection.evaluators_per_application
        lines = []
        for reference in order:
            row = rows[reference]
            application = inputs.applications.get(reference)
            place = inputs.place_objects.get(row.place_id) if row.place_id else None
            lines.append(
                Line(
                    position=row.position,
                    reference=reference,
                    name=latin_name(application.applicant) if application else "",
                    total=row.total,
                    points=[row.points[c.code].quantize(TWO_PLACES) for c in inputs.criteria],
                    flags=flag_labels(row.flags, names)
                    + (
                        [
                            _("scored by %(count)d of the %(wanted)d evaluators required")
                            % {"count": short[application.pk], "wanted": wanted}
                        ]
                        if application and application.pk in short
                        else []
                    ),
                    outcome=row.outcome,
                    outcome_label=str(Outcome(row.outcome).label),
                    place=place_name(place) if place else "",
                    reserve_position=row.reserve_position,
                    decided_by=row.decided_by or "",
                    disagreement=any(flag.startswith("disagreement:") for flag in row.flags),
                )
            )
        return lines


def listing(selection: Selection, *, places: dict[int, int] | None = None) -> Listing:
    """The published run's list (``places`` ignored), else a dry run with ``places``."""
    if selection.is_published and not places:
        run = Run.objects.select_related("selection").get(selection=selection, number=selection.run)
        return Listing(selection, run, compute(inputs_from_run(run)))
    return Listing(selection, None, preview(selection, places=places))
