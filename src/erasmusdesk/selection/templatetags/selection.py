"""Template helpers of the selection: whether the signed-in person is an evaluator (the
header's link to their assignments)."""

from django import template

from erasmusdesk.selection.access import is_evaluator as _is_evaluator

register = template.Library()


@register.filter
def is_evaluator(user) -> bool:
    return _is_evaluator(user)


@register.filter
def points(value) -> str:
    """Points as stored (a decimal string) with two decimals: "7.3333…" -> "7.33"."""
    from decimal import Decimal, InvalidOperation

    if value is None or value == "":
        return "—"
    try:
        return f"{Decimal(str(value)):.2f}"
    except InvalidOperation:
        return str(value)


@register.filter
def place_field(form, pk):
    """The "what if" field of place ``pk`` in the preview's places form."""
    return form[f"place_{pk}"]


@register.filter
def tie_rule_text(rule) -> str:
    """A tie rule, (field, direction) or a TieRule, in words: "grade average (normalised),
    higher first"; a criterion's code is shown as it is."""
    from django.utils.translation import gettext as _

    from erasmusdesk.selection.models.selection import TieField

    field, direction = (rule.field, rule.direction) if hasattr(rule, "field") else rule
    name = str(TieField(field).label) if field in TieField.values else field
    if field == "total":  # ranking.TOTAL: the weighted total, in the page's language
        name = _("total")
    if field == TieField.SUBMITTED:
        order = _("earlier first") if direction == "asc" else _("later first")
    else:
        order = _("lower first") if direction == "asc" else _("higher first")
    return f"{name}, {order}"
