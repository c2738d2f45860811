import threading
import time

import pytest

from erasmusdesk.institutions import gazetteer

ATYRAU_ID = 610529


def _labels(cities: list[gazetteer.City]) -> list[str]:
    return [city.label for city in cities]


@pytest.mark.parametrize("query", ["Atyrau", "atyrau", "ATYRAU", "Atyraū", "Атырау", "атырау"])
def test_atyrau_is_found_in_latin_cyrillic_and_with_diacritics(query):
    assert _labels(gazetteer.search(query))[0] == "Atyrau, KZ"


def test_warsaw_is_found_by_its_russian_and_polish_names():
    assert _labels(gazetteer.search("Варшава")) == ["Warsaw, PL"]
    assert _labels(gazetteer.search("Warszawa"))[0] == "Warsaw, PL"


def test_accents_and_undecomposed_letters_are_ignored():
    assert _labels(gazetteer.search("Krakow"))[0] == "Kraków, PL"
    assert _labels(gazetteer.search("Lodz"))[0] == "Łódź, PL"


def test_a_prefix_finds_the_city():
    assert _labels(gazetteer.search("Atyr")) == ["Atyrau, KZ"]
    assert _labels(gazetteer.search("Атыр")) == ["Atyrau, KZ"]


def test_whole_name_matches_come_before_larger_prefix_matches():
    labels = _labels(gazetteer.search("Porto", limit=20))
    assert labels[0] == "Porto, PT"
    # Porto Alegre has six times Porto's population but only starts with the query.
    assert labels.index("Porto, PT") < labels.index("Porto Alegre, BR")


def test_whole_name_matches_are_ordered_by_population():
    found = gazetteer.search("Granada")
    assert _labels(found)[:3] == ["Granada, ES", "Granada, NI", "Granada, CO"]
    assert found[0].population > found[1].population > found[2].population


def test_country_restricts_the_search():
    found = gazetteer.search("Frankfurt", country="DE")
    assert _labels(found)[:2] == ["Frankfurt am Main, DE", "Frankfurt (Oder), DE"]
    assert {city.country for city in found} == {"DE"}
    assert _labels(gazetteer.search("Granada", country="CO"))[0] == "Granada, CO"


def test_country_code_is_case_insensitive():
    assert gazetteer.search("Vienna", country="at") == gazetteer.search("Vienna", country="AT")


def test_limit_is_respected():
    assert len(gazetteer.search("Berlin", limit=3)) == 3
    assert gazetteer.search("Berlin", limit=0) == []


@pytest.mark.parametrize("query", ["", " ", "A", "ж", "-"])
def test_empty_and_one_character_queries_find_nothing(query):
    assert gazetteer.search(query) == []


def test_two_character_query_is_searched_and_deterministic():
    first = gazetteer.search("ba", limit=25)
    assert len(first) == 25
    assert gazetteer.search("ba", limit=25) == first


def test_unknown_name_finds_nothing():
    assert gazetteer.search("Xqzzyplonk") == []


def test_atyrau_record():
    atyrau = gazetteer.get(ATYRAU_ID)
    assert atyrau.name == "Atyrau"
    assert atyrau.country == "KZ"
    assert atyrau.latitude == pytest.approx(47.10, abs=0.01)
    assert atyrau.longitude == pytest.approx(51.88, abs=0.01)
    assert atyrau.population > 15_000
    assert atyrau.label == "Atyrau, KZ"


def test_get_by_unknown_id_is_none():
    assert gazetteer.get(1) is None


def test_city_is_immutable():
    with pytest.raises(AttributeError):
        gazetteer.get(ATYRAU_ID).name = "Guryev"


@pytest.mark.parametrize(
    ("name", "country", "label"),
    [
        ("Warsaw", "PL", "Warsaw, PL"),
        ("Kraków", "PL", "Kraków, PL"),
        ("Prague", "CZ", "Prague, CZ"),
        ("Vienna", "AT", "Vienna, AT"),
        ("Bologna", "IT", "Bologna, IT"),
        ("Granada", "ES", "Granada, ES"),
        ("Porto", "PT", "Porto, PT"),
        ("Helsinki", "FI", "Helsinki, FI"),
        ("Leuven", "BE", "Leuven, BE"),
        ("Tartu", "EE", "Tartu, EE"),
    ],
)
def test_partner_cities_are_found(name, country, label):
    assert gazetteer.find(name, country).label == label


def test_find_takes_the_most_populous_whole_match_in_the_country():
    assert gazetteer.find("Vienna", "US").label == "Vienna, US"
    assert gazetteer.find("Krakow", "pl").label == "Kraków, PL"


def test_find_refuses_prefixes_and_other_countries():
    assert gazetteer.find("Atyr", "KZ") is None
    assert gazetteer.find("Atyrau", "PL") is None
    assert gazetteer.find("", "KZ") is None


@pytest.mark.parametrize(
    ("text", "geonames_id"),
    [("Atyrau, KZ", ATYRAU_ID), ("Berlin, DE", 2950159), ("  berlin ,de ", 2950159)],
)
def test_parse_reference_finds_the_city(text, geonames_id):
    assert gazetteer.parse_reference(text).geonames_id == geonames_id


def test_parse_reference_reads_back_a_label():
    atyrau = gazetteer.get(ATYRAU_ID)
    assert gazetteer.parse_reference(atyrau.label) == atyrau


def test_parse_reference_of_an_unknown_city_is_none():
    assert gazetteer.parse_reference("Atyrau, PL") is None


@pytest.mark.parametrize(
    "text", ["Atyrau", "Atyrau KZ", "Atyrau,", "Atyrau, Kazakhstan", "Atyrau, K1", ", KZ", ""]
)
def test_parse_reference_without_country_code_raises(text):
    with pytest.raises(ValueError, match="two-letter ISO 3166-1 country code"):
        gazetteer.parse_reference(text)


def test_index_is_built_once_under_concurrent_first_use(monkeypatch):
    built = gazetteer._get_index()
    calls = []

    def slow_build():
        calls.append(1)
        time.sleep(0.05)
        return built

    monkeypatch.setattr(gazetteer, "_index", None)
    monkeypatch.setattr(gazetteer, "_build", slow_build)
    results = []
    threads = [
        threading.Thread(target=lambda: results.append(gazetteer._get_index())) for _ in range(8)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert len(calls) == 1
    assert len(results) == 8
    assert all(result is built for result in results)
