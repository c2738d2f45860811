"""The applicant's result in plain words, from the published result (``Result``: the data of
``allocation.explain``), in the language of the page.

Example (issue "Competitive selection", part 5): "Your first choice, X, had 2 places: they
went to the applicants it ranks 3 and 5; you are ranked 7 there."
"""

from decimal import Decimal

from django.utils.translation import gettext as _
from django.utils.translation import ngettext, pgettext

from erasmusdesk.applications.states import State
from erasmusdesk.institutions.models import MobilityCondition
from erasmusdesk.selection.models import Outcome, Result, Selection, TieField


def plain(number) -> str:
    """A decimal as people write it: 10.00 -> "10", 7.50 -> "7.5" (never "1E+1")."""
    return f"{Decimal(number).normalize():f}"


def choice_label(preference: int) -> str:
    labels = {
        1: pgettext("preference", "your first choice"),
        2: pgettext("preference", "your second choice"),
        3: pgettext("preference", "your third choice"),
    }
    return labels.get(
        preference, pgettext("preference", "your choice %(number)d") % {"number": preference}
    )


def place_name(place: MobilityCondition | None) -> str:
    """ "Uniwersytet Testowy (0311 Economics)": the partner and the subject of the place."""
    if place is None:
        return "?"
    return f"{place.agreement.partner.name} ({place.subject_area_label})"


def joined(numbers: list[int]) -> str:
    """3 -> "3"; 3, 5 -> "3 and 5"; 3, 5, 8 -> "3, 5 and 8"."""
    texts = [str(number) for number in numbers]
    if len(texts) < 2:
        return "".join(texts)
    return _("%(first)s and %(last)s") % {"first": ", ".join(texts[:-1]), "last": texts[-1]}


def _capital(text: str) -> str:
    return text[:1].upper() + text[1:]


def refusal_sentence(refusal: dict, places: dict[int, MobilityCondition]) -> str:
    """Why the applicant did not get one of the places they preferred."""
    choice = choice_label(refusal["preference"])
    name = place_name(places.get(refusal["place"]))
    reason = refusal["reason"]
    if reason == "no_places":
        return _capital(
            _("%(choice)s, %(place)s, has no places in this call.")
            % {"choice": choice, "place": name}
        )
    if reason == "not_acceptable":
        unmet = refusal.get("unmet") or []
        if "min_cefr" in unmet:
            return _capital(
                _(
                    "%(choice)s, %(place)s, asks for language level %(level)s or higher; "
                    "your certificates show %(yours)s."
                )
                % {
                    "choice": choice,
                    "place": name,
                    "level": refusal.get("min_cefr"),
                    "yours": refusal.get("cefr") or _("no level"),
                }
            )
        if "subject_area" in unmet:
            return _capital(
                _("%(choice)s, %(place)s, takes only applicants of the subject areas %(areas)s.")
                % {
                    "choice": choice,
                    "place": name,
                    "areas": ", ".join(refusal.get("subject_areas") or []),
                }
            )
        return _capital(
            _("%(choice)s, %(place)s, does not take your application under its own rules.")
            % {"choice": choice, "place": name}
        )
    count = refusal["places"]
    return _capital(
        ngettext(
            "%(choice)s, %(place)s, had %(count)d place: it went to the applicant it ranks "
            "%(ranks)s; you are ranked %(rank)d there.",
            "%(choice)s, %(place)s, had %(count)d places: they went to the applicants it "
            "ranks %(ranks)s; you are ranked %(rank)d there.",
            count,
        )
        % {
            "choice": choice,
            "place": name,
            "count": count,
            "ranks": joined(refusal["admitted_ranks"]),
            "rank": refusal["own_rank"],
        }
    )


def rule_label(decided_by: str, criteria_names: dict[str, str]) -> str:
    if decided_by in TieField.values:
        return str(TieField(decided_by).label)
    if decided_by == "reference":
        return _("the application reference (the last rule)")
    return criteria_names.get(decided_by, decided_by)


def explain(
    result: Result,
    *,
    state: str,
    selection: Selection,
    places: dict[int, MobilityCondition],
    ranked: int,
    criteria_names: dict[str, str],
) -> list[str]:
    """The sentences of the result page, in order: the result, the rank, how a tie was
    decided, why each preferred place went to others, and what happens next."""
    lines = []
    place = places.get(result.place_id) if result.place_id else None
    if state == State.WITHDRAWN:
        lines.append(_("You withdrew this application; this was your published result."))
    elif state == State.SELECTED and result.outcome == Outcome.SELECTED:
        lines.append(
            _capital(
                _("You are selected for %(choice)s: %(place)s.")
                % {"choice": choice_label(result.preference), "place": place_name(place)}
            )
        )
        lines.append(
            _("%(place)s ranks you %(rank)d among the applicants who chose it.")
            % {"place": place_name(place), "rank": result.partner_rank}
        )
    elif state == State.SELECTED:
        lines.append(
            _("You accepted the place at %(place)s that became free.")
            % {"place": place_name(place)}
        )
    elif state == State.OFFERED:
        lines.append(
            _("A place at %(place)s became free and is offered to you: accept or decline it below.")
            % {"place": place_name(place)}
        )
    elif result.outcome == Outcome.RESERVE:
        lines.append(
            _("You are number %(position)d on the reserve list.")
            % {"position": result.reserve_position}
        )
    elif result.outcome == Outcome.NOT_SELECTED:
        lines.append(_("You are not selected."))
    lines.append(
        _(
            "You are ranked %(position)d of %(count)d in the call's ranking, with %(total)s points "
            "out of 100."
        )
        % {"position": result.position, "count": ranked, "total": result.total}
    )
    if result.decided_by and result.decided_by != "total":
        lines.append(
            _(
                "You have the same total as the applicant ranked just above you: the tie was "
                "decided by %(rule)s."
            )
            % {"rule": rule_label(result.decided_by, criteria_names)}
        )
    lines.extend(refusal_sentence(refusal, places) for refusal in result.refusals)
    if "below_minimum" in result.flags:
        lines.append(
            _("Your total is below the call's lowest total for a place, %(minimum)s points.")
            % {"minimum": plain(selection.min_total)}
        )
    elif result.outcome == Outcome.NOT_SELECTED and not result.refusals:
        lines.append(_("You chose no place that this call offers."))
    elif result.outcome == Outcome.NOT_SELECTED:
        lines.append(
            _("None of the places you chose can take you, so you are not on the reserve list.")
        )
    if result.outcome == Outcome.RESERVE and state == State.RESERVE:
        lines.append(
            _(
                "If a place you chose becomes free, it is offered to the applicant on the reserve "
                "list whom that partner ranks best; you will get an e-mail."
            )
        )
    return lines
