"""Reading a Jean Monnet check request (the API's JSON, the public checker's form) into the
facts the rules read. Malformed input is refused with a DomainError naming the field."""

import json
from decimal import Decimal, InvalidOperation

from django.utils.translation import gettext as _

from erasmusdesk.core.erasmus_countries import country_code
from erasmusdesk.core.errors import DomainError
from erasmusdesk.jeanmonnet.rules import Action, HolderPosition, Partner, ProposalFacts


def _integer(value, *, field: str, minimum: int = 0, maximum: int = 10000) -> int:
    """A whole number; JSON's 2026.0 is one too (JSON Schema's "integer" admits it)."""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, bool) or not isinstance(value, int) or not minimum <= value <= maximum:
        raise DomainError(
            _("Give a whole number from %(minimum)s to %(maximum)s.")
            % {"minimum": minimum, "maximum": maximum},
            field=field,
        )
    return value


def facts_from_json(body: bytes) -> ProposalFacts:
    """The facts of a ``POST /api/v1/jean-monnet/check`` body (see api.py for its fields)."""
    try:
        data = json.loads(body or b"")
    except (ValueError, UnicodeDecodeError):
        raise DomainError(_("The body is not valid JSON."), field="body") from None
    if not isinstance(data, dict):
        raise DomainError(_("The body must be a JSON object."), field="body")
    call_year = _integer(data.get("call_year"), field="call_year", minimum=2014, maximum=2100)
    try:
        action = Action(data.get("action"))
    except ValueError:
        raise DomainError(
            _("Choose one of: %(choices)s.") % {"choices": ", ".join(Action)}, field="action"
        ) from None
    hours = data.get("hours_per_year", [])
    if not isinstance(hours, list):
        raise DomainError(_("Give a list of hours, one per academic year."), field="hours_per_year")
    hours_per_year = tuple(_integer(h, field="hours_per_year") for h in hours)
    duration = data.get("duration_months")
    duration_months = (
        None if duration is None else _integer(duration, field="duration_months", maximum=120)
    )
    requested = data.get("requested_eur")
    requested_eur = None
    if requested is not None:
        try:
            if not isinstance(requested, str):
                raise InvalidOperation
            requested_eur = Decimal(requested)
            if not requested_eur.is_finite() or requested_eur.as_tuple().exponent < -2:
                raise InvalidOperation
        except InvalidOperation:
            raise DomainError(
                _('Give the amount as a decimal string with at most 2 decimals, e.g. "30000.00".'),
                field="requested_eur",
            ) from None
    partners_data = data.get("partners", [])
    if not isinstance(partners_data, list):
        raise DomainError(_('Give a list of {"name", "country"} objects.'), field="partners")
    partners = []
    for index, item in enumerate(partners_data):
        if not isinstance(item, dict) or not isinstance(item.get("name"), str):
            raise DomainError(
                _('Give a list of {"name", "country"} objects.'), field=f"partners[{index}]"
            )
        partners.append(
            Partner(
                item["name"].strip(),
                country_code(item.get("country"), field=f"partners[{index}].country"),
            )
        )
    position = data.get("holder_position")
    try:
        holder_position = None if position is None else HolderPosition(position)
    except ValueError:
        raise DomainError(
            _("Choose one of: %(choices)s.") % {"choices": ", ".join(HolderPosition)},
            field="holder_position",
        ) from None
    return ProposalFacts(
        action=action,
        call_year=call_year,
        hours_per_year=hours_per_year,
        duration_months=duration_months,
        requested_eur=requested_eur,
        partners=tuple(partners),
        holder_position=holder_position,
    )
