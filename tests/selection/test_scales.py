"""Grade normalisation and language certificates to CEFR: rules and boundaries."""

from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from erasmusdesk.selection import defaults
from erasmusdesk.selection.scales import (
    DEFAULT_CERTIFICATE_SCALES,
    DEFAULT_GRADE_SCALES,
    CefrLevel,
    cefr_level,
    cefr_rank,
    certificate_cefr,
    certificate_scales,
    grade_scales,
    is_passing_grade,
    normalise_grade,
)

D = Decimal

# --- CEFR ---------------------------------------------------------------------------------------


def test_cefr_levels_are_ordered_a1_to_c2_with_ranks_1_to_6():
    assert sorted(CefrLevel) == [
        CefrLevel.A1,
        CefrLevel.A2,
        CefrLevel.B1,
        CefrLevel.B2,
        CefrLevel.C1,
        CefrLevel.C2,
    ]
    assert [cefr_rank(level) for level in CefrLevel] == [1, 2, 3, 4, 5, 6]
    assert CefrLevel.B1 < CefrLevel.B2 < CefrLevel.C1
    assert cefr_rank(None) == 0
    assert str(CefrLevel.C1) == "C1"


def test_cefr_level_parses_names_and_ranks():
    assert cefr_level("b2") == cefr_level(" B2 ") == cefr_level(4) == CefrLevel.B2
    for bad in ("B3", "", 0, 7, True, 4.0):
        with pytest.raises(ValueError):
            cefr_level(bad)


# --- grades -------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("grade", "scale", "expected"),
    [
        (D("3.2"), "gpa4", D("0.8")),
        (4, "five_point", D("0.8")),
        (80, "percent", D("0.8")),
        (D("4.00"), "gpa4", D(1)),
        (0, "gpa4", D(0)),
        (100, "percent", D(1)),
        (2, "five_point", D("0.4")),
        ("3.67", "gpa4", D("0.9175")),
        (3.3, "gpa4", D("0.825")),  # a float as the decimal it prints as
    ],
)
def test_normalise_grade_is_grade_over_the_scale_maximum(grade, scale, expected):
    assert normalise_grade(grade, scale) == expected


@pytest.mark.parametrize(
    ("grade", "scale", "message"),
    [
        (D("4.01"), "gpa4", "outside the scale 'gpa4' \\(0 to 4.00\\)"),
        (-1, "percent", "outside the scale 'percent'"),
        (1, "five_point", "outside the scale 'five_point' \\(2 to 5\\)"),
        (5, "ten_point", "Unknown grade scale 'ten_point'"),
        ("abc", "percent", "not a number"),
        (float("nan"), "percent", "not a finite number"),
        (True, "percent", "must be a number"),
    ],
)
def test_normalise_grade_rejects_grades_outside_their_scale(grade, scale, message):
    with pytest.raises(ValueError, match=message):
        normalise_grade(grade, scale)


def test_pass_marks_boundaries():
    assert is_passing_grade(D("1.00"), "gpa4")
    assert not is_passing_grade(D("0.99"), "gpa4")
    assert is_passing_grade(50, "percent")
    assert not is_passing_grade(D("49.99"), "percent")
    assert is_passing_grade(3, "five_point")
    assert not is_passing_grade(2, "five_point")


def test_grade_scale_table_is_a_parameter():
    ten = grade_scales([("ten", "Ten-point", 0, 10, 5, False, "UNCONFIRMED: test")])
    assert normalise_grade(7, "ten", ten) == D("0.7")
    with pytest.raises(ValueError, match="Unknown grade scale 'gpa4'"):
        normalise_grade(3, "gpa4", ten)


def test_grade_scale_rows_are_checked():
    with pytest.raises(ValueError, match="minimum <= pass mark <= maximum"):
        grade_scales([("bad", "Bad", 0, 10, 11, True, "")])
    with pytest.raises(ValueError, match="defined twice"):
        grade_scales([("x", "X", 0, 10, 5, True, ""), ("x", "X", 0, 10, 5, True, "")])


# --- language certificates ----------------------------------------------------------------------

BOUNDARIES = {
    "ielts": [
        ("3.5", None),
        ("4.0", "B1"),
        ("5.0", "B1"),
        ("5.5", "B2"),
        ("6.5", "B2"),
        ("7.0", "C1"),
        ("8.0", "C1"),
        ("8.5", "C2"),
        ("9.0", "C2"),
    ],
    "toefl_ibt": [
        ("23", None),
        ("24", "A2"),
        ("42", "A2"),
        ("43", "A2"),
        ("44", "B1"),
        ("71", "B1"),
        ("72", "B2"),
        ("94", "B2"),
        ("95", "C1"),
        ("113", "C1"),
        ("114", "C2"),
        ("120", "C2"),
    ],
    "toefl_ibt_2026": [
        ("1", "A1"),
        ("2.5", "A2"),
        ("3", "B1"),
        ("3.5", "B1"),
        ("4", "B2"),
        ("4.5", "B2"),
        ("5", "C1"),
        ("5.5", "C1"),
        ("6", "C2"),
    ],
    "cambridge": [
        ("99", None),
        ("100", "A1"),
        ("139", "A2"),
        ("140", "B1"),
        ("159", "B1"),
        ("160", "B2"),
        ("179", "B2"),
        ("180", "C1"),
        ("199", "C1"),
        ("200", "C2"),
        ("230", "C2"),
    ],
    "duolingo": [
        ("10", "A1"),
        ("55", "A1"),
        ("60", "B1"),
        ("85", "B1"),
        ("90", "B2"),
        ("115", "B2"),
        ("120", "C1"),
        ("160", "C1"),
    ],
}


@pytest.mark.parametrize(
    ("certificate", "score", "level"),
    [(code, score, level) for code, rows in BOUNDARIES.items() for score, level in rows],
)
def test_certificate_cefr_at_the_band_boundaries(certificate, score, level):
    expected = None if level is None else CefrLevel[level]
    assert certificate_cefr(certificate, D(score)) == expected


@pytest.mark.parametrize(
    ("certificate", "score", "message"),
    [
        ("ielts", "9.5", "outside the range of IELTS"),
        ("ielts", "-0.5", "outside the range of IELTS"),
        ("toefl_ibt", "121", "outside the range of TOEFL iBT"),
        ("toefl_ibt_2026", "0.5", "outside the range"),
        ("cambridge", "79", "outside the range of Cambridge"),
        ("duolingo", "165", "outside the range of Duolingo"),
        ("toeic", "900", "Unknown language certificate 'toeic'"),
    ],
)
def test_certificate_cefr_rejects_scores_outside_the_range(certificate, score, message):
    with pytest.raises(ValueError, match=message):
        certificate_cefr(certificate, D(score))


@given(st.sampled_from(sorted(DEFAULT_CERTIFICATE_SCALES)), st.data())
def test_certificate_cefr_never_falls_as_the_score_rises(certificate, data):
    table = DEFAULT_CERTIFICATE_SCALES[certificate]
    scores = st.decimals(table.minimum, table.maximum, places=1)
    low, high = sorted((data.draw(scores), data.draw(scores)))
    assert cefr_rank(certificate_cefr(certificate, low)) <= cefr_rank(
        certificate_cefr(certificate, high)
    )


def test_certificate_table_is_a_parameter_and_checked():
    custom = certificate_scales([("x", "X", 0, 10, ((5, "B1"), (8, "B2")), False, "test")])
    assert certificate_cefr("x", 8, custom) == CefrLevel.B2
    with pytest.raises(ValueError, match="ascend strictly"):
        certificate_scales([("x", "X", 0, 10, ((8, "B1"), (5, "B2")), False, "")])
    with pytest.raises(ValueError, match="ascend strictly"):
        certificate_scales([("x", "X", 0, 10, ((5, "B2"), (8, "B1")), False, "")])
    with pytest.raises(ValueError, match="thresholds outside"):
        certificate_scales([("x", "X", 0, 10, ((5, "B1"), (11, "B2")), False, "")])
    with pytest.raises(ValueError, match="not a CEFR level"):
        certificate_scales([("x", "X", 0, 10, ((5, "B3"),), False, "")])


def test_every_default_table_names_its_source_and_says_when_unconfirmed():
    tables = [*DEFAULT_GRADE_SCALES.values(), *DEFAULT_CERTIFICATE_SCALES.values()]
    assert len(tables) == len(defaults.GRADE_SCALES) + len(defaults.CERTIFICATE_SCALES)
    for table in tables:
        assert table.source
        assert table.confirmed or "UNCONFIRMED" in table.source, table.code
    unconfirmed = sorted(t.code for t in tables if not t.confirmed)
    assert unconfirmed == ["duolingo"]


@pytest.mark.django_db
def test_an_older_database_gets_etss_toefl_concordance_and_keeps_office_edits():
    from erasmusdesk.selection.models import CefrThreshold, CertificateScale
    from erasmusdesk.selection.seed import correct_certificate_scales

    toefl = CertificateScale.objects.get(code="toefl_ibt")
    CefrThreshold.objects.filter(scale=toefl).delete()
    for score, level in defaults.TOEFL_THRESHOLDS_BEFORE_2026_12:
        CefrThreshold.objects.create(scale=toefl, level=level, lowest_score=score)
    CertificateScale.objects.filter(pk=toefl.pk).update(confirmed=False, source="old")
    correct_certificate_scales()
    rows = CefrThreshold.objects.filter(scale=toefl).order_by("lowest_score")
    assert [(int(row.lowest_score), row.level) for row in rows] == [
        (24, "A2"),
        (44, "B1"),
        (72, "B2"),
        (95, "C1"),
        (114, "C2"),
    ]
    toefl.refresh_from_db()
    assert toefl.confirmed is True
    assert "intercom.help/toeflaccess" in toefl.source
    # An office edit (B1 at 50) is not overwritten.
    CefrThreshold.objects.filter(scale=toefl, level="B1").update(lowest_score=50)
    correct_certificate_scales()
    assert CefrThreshold.objects.get(scale=toefl, level="B1").lowest_score == 50
