"""Countries as Erasmus+ writes them, shared by the programmes' apps (Jean Monnet, Erasmus
Mundus, Capacity Building).

- Codes are ISO 3166-1 alpha-2, except Greece: EL, never GR (Erasmus+ Programme Guide,
  "Eligible countries"; the EU's Interinstitutional Style Guide, section 7.1).
- EU Member States (27 since 1 February 2020) and the third countries associated to the
  Programme: 2021-2027 Iceland, Liechtenstein, Norway, North Macedonia, Serbia and Türkiye
  (Programme Guide 2021-2027, Part A, "Eligible countries"); 2014-2020 the "Programme
  countries": the EU28 (with the United Kingdom, UK in Erasmus+ usage), Iceland,
  Liechtenstein, Norway, the former Yugoslav Republic of Macedonia and Turkey (Programme
  Guides 2014-2020, Part A; Serbia joined from the 2019 call, which this list, like the
  seed, leaves to the office's edits).
"""

from django.utils.translation import gettext as _
from django_countries import countries

from erasmusdesk.core.errors import DomainError

EU27 = tuple(
    "AT BE BG HR CY CZ DK EE FI FR DE EL HU IE IT LV LT LU MT NL PL PT RO SK SI ES SE".split()
)
ASSOCIATED_2021 = ("IS", "LI", "NO", "MK", "RS", "TR")
PROGRAMME_COUNTRIES_2021 = (*EU27, *ASSOCIATED_2021)
PROGRAMME_COUNTRIES_2014 = (*EU27, "UK", "GB", "IS", "LI", "NO", "MK", "TR")

# ISO 3166-1 alpha-2 as Erasmus+ writes it: EL for Greece (never GR).
COUNTRY_CODES = frozenset(code for code, _name in countries) - {"GR"} | {"EL"}


def country_code(value, *, field: str) -> str:
    """``value`` as an Erasmus+ country code (upper case), or a DomainError on ``field``
    saying the rule: ISO 3166-1 alpha-2, with EL for Greece."""
    code = value.strip().upper() if isinstance(value, str) else ""
    if code == "GR":
        raise DomainError(_("Greece is written EL in Erasmus+, not GR."), field=field)
    if code not in COUNTRY_CODES:
        raise DomainError(
            _("%(value)s is not a country code (ISO 3166-1 alpha-2, EL for Greece).")
            % {"value": value},
            field=field,
        )
    return code
