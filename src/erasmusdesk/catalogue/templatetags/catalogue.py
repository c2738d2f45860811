from django import template

from erasmusdesk.catalogue.text import to_html

register = template.Library()


@register.filter
def section_html(text: str):
    """A catalogue section's plain text as escaped paragraphs and lists (see text.py)."""
    return to_html(text or "")
