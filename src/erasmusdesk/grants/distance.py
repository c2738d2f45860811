"""Travel distance and the distance band that selects the travel support.

Pure functions, no Django, no I/O. Rules: ../shared/reference/erasmus-rules.md, section 2.
"""

import math
from collections.abc import Iterable

from erasmusdesk.grants.rules import Band

EARTH_RADIUS_KM = 6371.0088
DISTANCE_METHOD = (
    "great-circle distance, haversine formula on a sphere of radius 6371.0088 km "
    "(IUGG mean Earth radius R1), rounded half up to whole kilometres"
)


def great_circle_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Great-circle distance in kilometres between two points given in decimal degrees.

    Rule: the one-way distance between the sending and the receiving city selects the travel
    band (reference section 2). The European Commission's distance calculator computes a
    great-circle distance but does not publish its formula or Earth model, so the method here
    is OUR choice, recorded in ``DISTANCE_METHOD``: the haversine formula on a sphere of radius
    6371.0088 km, the IUGG mean Earth radius R1 = (2a + b) / 3 of WGS 84. Results can differ
    from the Commission's calculator by a few kilometres (an ellipsoidal method differs by up
    to about 0.5 %), which matters only near a band boundary.
    """
    phi1 = math.radians(lat1)
    phi2 = math.radians(lat2)
    half_dphi = (phi2 - phi1) / 2
    half_dlambda = math.radians(lon2 - lon1) / 2
    a = math.sin(half_dphi) ** 2 + math.cos(phi1) * math.cos(phi2) * math.sin(half_dlambda) ** 2
    # min() guards asin against a rounding error just above 1 for antipodal points.
    return 2 * EARTH_RADIUS_KM * math.asin(min(1.0, math.sqrt(a)))


def band_distance(km: float) -> int:
    """The distance in whole kilometres that picks the band: ``km`` rounded half up.

    Rule (ours; the Commission writes bands in whole kilometres, 500-1999, 2000-2999, and does
    not say how a fraction is treated): 1999.4 km -> 1999 km -> band 500-1999;
    1999.5 km -> 2000 km -> band 2000-2999. The rounding is exact on the float given (no
    ``floor(km + 0.5)`` error).

    Raises ValueError for a negative, infinite or NaN distance.
    """
    if not math.isfinite(km) or km < 0:
        raise ValueError(f"A distance must be a finite number of kilometres >= 0, not {km}.")
    whole = math.floor(km)
    # The fractional part of a float is exactly representable, so this comparison is exact.
    return whole + 1 if km - whole >= 0.5 else whole


def find_band(bands: Iterable[Band], km: float) -> Band | None:
    """The band whose range includes ``km`` rounded to whole kilometres (``band_distance``).

    Rule: bands include both ends, in whole kilometres, as the Commission writes them (10-99,
    100-499, 500-1999, ..., 8000+ with no upper end); reference section 2. Returns None when
    no band includes the distance: below the first band (under 10 km in the 2018-2020 table,
    under 100 km in 2014-2017) or in a gap of an incomplete table.

    Raises ValueError for a negative, infinite or NaN distance.
    """
    whole = band_distance(km)
    for band in bands:
        if band.min_km <= whole and (band.max_km is None or whole <= band.max_km):
            return band
    return None
