"""Identifiers of higher education institutions and how they are written.

- Erasmus code: the institution's code in the Erasmus Charter (ECHE) register, e.g.
  "PL WARSZAW01", "D  BERLIN01": a country prefix of one to three letters padded with spaces
  to three characters, then up to eight letters of the city, then a two- or three-digit number
  (European Commission, Erasmus+ Programme Guide, "Erasmus code").
- EWP HEI id: the institution's SCHAC home organisation identifier, a lower-case internet
  domain such as "uw.edu.pl" (EWP Registry specification, "HEI identifiers").
- Country codes are ISO 3166-1 alpha-2, except that Erasmus+ writes Greece as EL (ISO GR).
"""

import re

_ERASMUS_CODE = re.compile(r"^([A-Z]{1,3})\s*([A-Z][A-Z-]{0,7}\d{2,3})$")
_SCHAC = re.compile(
    r"^(?=.{4,253}$)[a-z0-9](?:[a-z0-9-]*[a-z0-9])?(?:\.[a-z0-9](?:[a-z0-9-]*[a-z0-9])?)+$"
)

ERASMUS_COUNTRY_CODES = {"GR": "EL"}


def normalise_erasmus_code(text: str) -> str | None:
    """The code in its official form (prefix padded to three characters), or None if invalid.

    "pl warszaw01" -> "PL WARSZAW01"; "D BERLIN01" -> "D  BERLIN01".
    """
    match = _ERASMUS_CODE.match(text.strip().upper())
    if not match:
        return None
    prefix, rest = match.groups()
    return f"{prefix:<3}{rest}"


def is_schac_code(text: str) -> bool:
    """True for a lower-case domain name such as "uw.edu.pl"."""
    return bool(_SCHAC.match(text))


def erasmus_country_code(iso_code: str) -> str:
    """The country code as Erasmus+ writes it: ISO 3166-1 alpha-2 except GR -> EL."""
    return ERASMUS_COUNTRY_CODES.get(iso_code, iso_code)
