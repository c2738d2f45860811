"""One way of writing an instant per language, on pages and in mails."""

from datetime import datetime

import pytest
from django.template import Context, Template
from django.utils import timezone, translation

MOMENT = datetime(2027, 1, 15, 23, 59, tzinfo=timezone.get_default_timezone())


@pytest.mark.parametrize(
    ("language", "expected"),
    [
        ("en", "15 January 2027, 23:59"),
        ("ru", "15 января 2027, 23:59"),
        ("kk", "15 қаңтар 2027, 23:59"),
    ],
)
def test_an_instant_reads_the_same_everywhere(language, expected):
    with translation.override(language):
        plain = Template("{{ moment }}").render(Context({"moment": MOMENT}))
        named = Template('{{ moment|date:"DATETIME_FORMAT" }}').render(Context({"moment": MOMENT}))
    assert plain == named == expected
    assert "p.m." not in plain
