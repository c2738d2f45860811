"""Template helpers every page uses: the language switcher, an error named by its field once."""

from django import template
from django.conf import settings
from django.urls import translate_url
from django.utils.html import format_html
from django.utils.translation import get_language, get_language_info

from erasmusdesk.core.source_notes import source_note as _source_note

register = template.Library()


@register.filter
def source_note(text) -> str:
    """A source note in the reader's language when the catalogue has it, else the note as
    written, marked as English (core/source_notes.py)."""
    note = _source_note(text)
    current = (get_language() or "en").split("-")[0]
    if note.lang == current:
        return format_html("{}", note.text)
    return format_html('<span lang="{}">{}</span>', note.lang, note.text)


@register.simple_tag(takes_context=True)
def language_links(context) -> list[dict]:
    """The current page in each language: code, name in that language, URL, current or not.

    Rule: the switcher keeps the page (same view and arguments, other language prefix) and
    the query string.
    """
    request = context.get("request")
    path = request.get_full_path() if request else "/"
    current = get_language()
    links = []
    for code, _name in settings.LANGUAGES:
        info = get_language_info(code)
        links.append(
            {
                "code": code,
                "name": info["name_local"],
                "url": translate_url(path, code),
                "current": code == current,
            }
        )
    return links


@register.simple_tag
def labelled_error(label, error) -> str:
    """``label: error``, unless the error already begins with the field's name (a domain
    error names its field itself: "Motivation: at least 300 characters"), so that the name
    is said once."""
    label, error = str(label or ""), str(error)
    if not label or error.casefold().startswith(label.casefold()):
        return error
    return f"{label}: {error}"


@register.filter
def has_home(user) -> bool:
    """Whether a home-page panel concerns ``user`` (core/home.py): the header then links
    their start page."""
    from erasmusdesk.core.home import registered_panels

    return any(panel.shown_to(user) for panel in registered_panels())
