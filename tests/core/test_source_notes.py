"""Source notes in the reader's language: the shipped notes of the programmes' rules are
translated, a note the office wrote stays as written and is marked as English."""

import pytest
from django.template import Context, Template
from django.utils import translation

from erasmusdesk.cbhe.defaults import DEFAULT_RULES as CAPACITY_RULES
from erasmusdesk.core.source_notes import source_note
from erasmusdesk.jeanmonnet.defaults import DEFAULT_RULES as JEAN_MONNET_RULES
from erasmusdesk.mundus.defaults import CONSORTIUM_RULES, SCHOLARSHIP_RATES

SHIPPED = [
    row["source"]
    for row in [*JEAN_MONNET_RULES, *CAPACITY_RULES, *CONSORTIUM_RULES, *SCHOLARSHIP_RATES]
]


@pytest.mark.parametrize("language", ["ru", "kk"])
def test_every_shipped_source_note_is_translated(language):
    with translation.override(language):
        notes = [source_note(text) for text in SHIPPED]
    untranslated = [
        text for text, note in zip(SHIPPED, notes, strict=True) if note.lang != language
    ]
    assert untranslated == []


def test_a_note_the_office_wrote_stays_english_and_is_marked_so():
    template = Template("{% load site %}{{ note|source_note }}")
    with translation.override("ru"):
        html = template.render(Context({"note": "Call document <2027>, p. 12"}))
    assert html == '<span lang="en">Call document &lt;2027&gt;, p. 12</span>'


def test_a_shipped_note_is_shown_in_russian_without_an_english_mark():
    template = Template("{% load site %}{{ note|source_note }}")
    with translation.override("ru"):
        html = template.render(Context({"note": SHIPPED[0]}))
    assert 'lang="en"' not in html
    assert "Erasmus+" in html and html != SHIPPED[0]


def test_in_english_the_note_is_plain_text():
    template = Template("{% load site %}{{ note|source_note }}")
    with translation.override("en"):
        assert template.render(Context({"note": "Guide"})) == "Guide"


def test_the_mundus_api_gives_the_source_in_the_asked_language(client, db):
    answer = client.get(
        "/api/v1/erasmus-mundus/scholarship", {"ects": 60, "call_year": 2025, "lang": "kk"}
    )
    assert answer.json()["source"] != SCHOLARSHIP_RATES[-1]["source"]
