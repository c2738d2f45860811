"""Great-circle distance, whole-kilometre rounding and the distance bands (reference §2)."""

import math
from decimal import Decimal

import pytest

from erasmusdesk.grants.distance import (
    EARTH_RADIUS_KM,
    band_distance,
    find_band,
    great_circle_km,
)
from erasmusdesk.grants.rules import Band

ATYRAU = (47.1048, 51.88427)
BERLIN = (52.52437, 13.41053)

# 2018-2020 bands (reference §2): 10-99 20, 100-499 180, 500-1999 275, 2000-2999 360,
# 3000-3999 530, 4000-7999 820, 8000+ 1500.
BANDS_2018 = (
    Band(10, 99, Decimal(20)),
    Band(100, 499, Decimal(180)),
    Band(500, 1999, Decimal(275)),
    Band(2000, 2999, Decimal(360)),
    Band(3000, 3999, Decimal(530)),
    Band(4000, 7999, Decimal(820)),
    Band(8000, None, Decimal(1500)),
)
# 2014-2017 has no 10-99 band: the first band starts at 100 km.
BANDS_2014 = BANDS_2018[1:]


# --- great_circle_km ------------------------------------------------------------------------


def test_great_circle_km_atyrau_to_berlin_is_2790_km():
    # Haversine on R = 6371.0088 km gives 2790.23 km (an ellipsoidal WGS 84 geodesic gives
    # about 2798 km); either way the 2000-2999 km band.
    km = great_circle_km(*ATYRAU, *BERLIN)
    assert km == pytest.approx(2790, abs=1)
    assert band_distance(km) == 2790
    assert find_band(BANDS_2018, km) == Band(2000, 2999, Decimal(360))


def test_great_circle_km_is_symmetric():
    assert great_circle_km(*ATYRAU, *BERLIN) == pytest.approx(great_circle_km(*BERLIN, *ATYRAU))


def test_great_circle_km_same_point_is_0():
    assert great_circle_km(*BERLIN, *BERLIN) == 0.0


def test_great_circle_km_one_degree_of_latitude_is_r_times_pi_over_180():
    # 6371.0088 x pi / 180 = 111.1951 km
    assert great_circle_km(0.0, 0.0, 1.0, 0.0) == pytest.approx(111.1951, abs=1e-4)
    assert EARTH_RADIUS_KM * math.pi / 180 == pytest.approx(111.1951, abs=1e-4)


def test_great_circle_km_antipodes_is_half_the_circumference():
    # pi x 6371.0088 = 20015.114 km
    assert great_circle_km(0.0, 0.0, 0.0, 180.0) == pytest.approx(20015.114, abs=1e-3)


# --- band_distance --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("km", "whole"),
    [
        (0.0, 0),
        (0.49999999999999994, 0),  # floor(km + 0.5) would give 1 here
        (9.4, 9),
        (9.5, 10),
        (1999.4, 1999),
        (1999.49999, 1999),
        (1999.5, 2000),
        (2000.0, 2000),
        (2790.2348825158974, 2790),
    ],
)
def test_band_distance_rounds_half_up_to_whole_km(km, whole):
    assert band_distance(km) == whole


@pytest.mark.parametrize("km", [-0.1, float("nan"), float("inf")])
def test_band_distance_refuses_negative_or_not_finite(km):
    with pytest.raises(ValueError) as error:
        band_distance(km)
    assert str(error.value).startswith("A distance must be a finite number of kilometres >= 0")


# --- find_band -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("km", "band_min"),
    [
        (9, None),
        (9.4, None),
        (9.5, 10),
        (10, 10),
        (99, 10),
        (99.4, 10),
        (99.5, 100),
        (100, 100),
        (499, 100),
        (500, 500),
        (1999, 500),
        (1999.4, 500),
        (1999.5, 2000),
        (2000, 2000),
        (2999, 2000),
        (2999.4, 2000),
        (2999.5, 3000),
        (3000, 3000),
        (3999, 3000),
        (4000, 4000),
        (7999, 4000),
        (8000, 8000),
        (19000, 8000),
    ],
)
def test_find_band_boundaries_are_inclusive_whole_km(km, band_min):
    band = find_band(BANDS_2018, km)
    assert (band.min_km if band else None) == band_min


def test_find_band_under_10_km_is_none():
    assert find_band(BANDS_2018, 0) is None


def test_find_band_under_the_2014_first_band_is_none():
    assert find_band(BANDS_2014, 99) is None
    assert find_band(BANDS_2014, 100) == Band(100, 499, Decimal(180))


def test_find_band_in_a_gap_of_the_table_is_none():
    bands = (Band(10, 99, Decimal(20)), Band(500, 1999, Decimal(275)))
    assert find_band(bands, 300) is None


def test_find_band_above_a_closed_last_band_is_none():
    assert find_band(BANDS_2018[:3], 2000) is None
