"""Grade conversion by grading distribution tables (ECTS Users' Guide 2015; Egracons),
on worked examples, boundaries included."""

from decimal import Decimal as D

import pytest

from erasmusdesk.mobility.grade_conversion import TableError, bands, convert

# A Polish host (2-5 scale) and the Kazakh home scale (letter grades), from the best.
HOST = [("5", D("20")), ("4.5", D("25")), ("4", D("30")), ("3.5", D("15")), ("3", D("10"))]
HOME = [("A", D("10")), ("A-", D("15")), ("B+", D("25")), ("B", D("30")), ("C", D("20"))]


def test_bands_are_cumulative_from_the_best_grade():
    assert [(b.grade, b.low, b.high) for b in bands(HOST)] == [
        ("5", D(0), D(20)),
        ("4.5", D(20), D(45)),
        ("4", D(45), D(75)),
        ("3.5", D(75), D(90)),
        ("3", D(90), D(100)),
    ]


@pytest.mark.parametrize(
    "grade, home, overlap",
    [
        # 0-20 overlaps A (0-10) by 10 and A- (10-25) by 10: equal, the better one.
        ("5", "A", D(10)),
        # 20-45 overlaps A- by 5, B+ (25-50) by 20.
        ("4.5", "B+", D(20)),
        # 45-75 overlaps B+ by 5, B (50-80) by 25.
        ("4", "B", D(25)),
        # 75-90 overlaps B by 5, C (80-100) by 10.
        ("3.5", "C", D(10)),
        ("3", "C", D(10)),
    ],
)
def test_a_host_grade_maps_to_the_home_grade_overlapping_it_most(grade, home, overlap):
    found = convert(grade, HOST, HOME)
    assert (found.home.grade, found.overlap) == (home, overlap)


def test_a_band_that_only_touches_another_does_not_overlap_it():
    # Host 0-50 | 50-100, home 0-50 | 50-100: "1" touches the second home band at 50 only.
    host = [("1", D(50)), ("2", D(50))]
    home = [("X", D(50)), ("Y", D(50))]
    assert convert("1", host, home).home.grade == "X"
    assert convert("2", host, home).home.grade == "Y"


def test_shares_must_add_up_to_a_hundred_within_half_a_point():
    assert bands([("A", D("60")), ("B", D("39.5"))])[-1].high == D(100)
    with pytest.raises(TableError):
        bands([("A", D("60")), ("B", D("39.4"))])


def test_a_grade_missing_from_the_host_table_is_refused():
    with pytest.raises(TableError):
        convert("2", HOST, HOME)
