"""The Erasmus+ country codes every programme app reads (core/erasmus_countries.py), and the
programme apps reading them from core rather than from each other."""

import re
from pathlib import Path

import pytest

from erasmusdesk.core import erasmus_countries
from erasmusdesk.core.errors import DomainError

SRC = Path(erasmus_countries.__file__).resolve().parents[1]
PROGRAMME_APPS = ("jeanmonnet", "mundus", "cbhe")


def test_greece_is_el_and_gr_is_refused_with_the_rule():
    assert erasmus_countries.country_code(" el ", field="country") == "EL"
    with pytest.raises(DomainError) as refused:
        erasmus_countries.country_code("GR", field="partners[0].country")
    assert refused.value.field == "partners[0].country"
    assert "EL" in str(refused.value.message)


def test_an_unknown_code_is_refused_naming_the_value():
    with pytest.raises(DomainError) as refused:
        erasmus_countries.country_code("XX", field="country")
    assert "XX is not a country code" in str(refused.value.message)


def test_the_associated_countries_of_2021_include_serbia_and_not_the_united_kingdom():
    assert "RS" in erasmus_countries.PROGRAMME_COUNTRIES_2021
    assert "UK" not in erasmus_countries.PROGRAMME_COUNTRIES_2021
    assert "UK" in erasmus_countries.PROGRAMME_COUNTRIES_2014
    assert len(erasmus_countries.EU27) == 27


@pytest.mark.parametrize("app", PROGRAMME_APPS)
def test_a_programme_app_imports_no_other_programme_app(app):
    others = "|".join(other for other in PROGRAMME_APPS if other != app)
    pattern = re.compile(rf"^\s*(from|import) erasmusdesk\.({others})\b", re.MULTILINE)
    offenders = [
        str(path.relative_to(SRC))
        for path in (SRC / app).rglob("*.py")
        if pattern.search(path.read_text(encoding="utf-8"))
    ]
    assert offenders == []
