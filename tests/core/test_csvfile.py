"""The one CSV writer: every field quoted, no formula start left where a spreadsheet that
splits on ``,``, ``;`` or TAB would find one."""

from datetime import date, datetime
from decimal import Decimal

import pytest

from erasmusdesk.core.csvfile import csv_bytes, csv_text, spreadsheet_safe


@pytest.mark.parametrize(
    ("text", "safe"),
    [
        ("=1+1", "'=1+1"),
        ("+7 701 000 00 00", "'+7 701 000 00 00"),
        ("-2+3+cmd|' /C calc'!A0", "'-2+3+cmd|' /C calc'!A0"),
        ("@SUM(A1)", "'@SUM(A1)"),
        ("Physics;=1+1;x", "Physics;'=1+1;x"),
        ("Physics; =1+1", "Physics; '=1+1"),
        ('Physics;"=1+1"', 'Physics;"\'=1+1"'),
        ("x\t=2+2", "x\t'=2+2"),
        ("\t=2+2", "'\t'=2+2"),
        ("a,@x", "a,'@x"),
        ("line\n=HYPERLINK(1)", "line\n'=HYPERLINK(1)"),
        ("\tindented", "'\tindented"),
        ("\uff1d1+1", "'\uff1d1+1"),
        ("Economics and finance", "Economics and finance"),
        ("A26-00001", "A26-00001"),
        ("Экономика; право", "Экономика; право"),
    ],
)
def test_no_formula_start_survives_any_split(text, safe):
    assert spreadsheet_safe(text) == safe
    # Split the way a spreadsheet of any locale may: no piece starts a formula.
    for separator in (",", ";", "\t", "|", "\n"):
        for piece in spreadsheet_safe(text).split(separator):
            assert piece.lstrip(' \t"')[:1] not in ("=", "+", "-", "@", "\uff1d"), piece


def test_every_field_is_quoted_and_numbers_and_dates_stay_values():
    text = csv_text(
        [
            ["reference", "points", "when", "day", "note"],
            ["A26-00001", Decimal("-1.5"), datetime(2027, 1, 15, 23, 59), date(2027, 1, 15), None],
        ]
    )
    assert text == (
        '\ufeff"reference","points","when","day","note"\r\n'
        '"A26-00001","-1.5","2027-01-15 23:59","2027-01-15",""\r\n'
    )
    assert csv_bytes([["ä"]]) == '\ufeff"ä"\r\n'.encode()
