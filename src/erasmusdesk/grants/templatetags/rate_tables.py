"""Template filters of the rate tables."""

from django import template

from erasmusdesk.grants.models.rates import rate_table_display_name

register = template.Library()


@register.filter
def table_name(name: str) -> str:
    """A rate table's stored name as shown in the reader's language."""
    return rate_table_display_name(str(name))
