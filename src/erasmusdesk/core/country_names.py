"""Kazakh country names from the Unicode CLDR, as a gettext catalogue of its own.

django-countries ships Russian names but no Kazakh ones, so a Kazakh page would show every
country in English. The CLDR (Unicode Common Locale Data Repository, territory names of the
``kk`` locale, as shipped in the Babel package) has them. ``write_catalogue`` turns them into
``core/cldr/kk/LC_MESSAGES/django.po``, whose msgids are django-countries' English names. It is
the second entry of LOCALE_PATHS, so every country field, list and PDF shows the Kazakh name,
and the project's own catalogue (the first entry) still wins where it translates a name
itself. The folder is not called "locale", so that ``makemessages`` (which adopts every folder
of that name it walks through) never writes the project's strings into it. Regenerate it with
``python -m erasmusdesk country_names`` when django-countries or Babel change; Babel is needed
only for that (the test extras), not at run time.
"""

from pathlib import Path

import polib

CATALOGUE = Path(__file__).resolve().parent / "cldr" / "kk" / "LC_MESSAGES" / "django.po"


def english_names() -> dict[str, list[str]]:
    """Each country code with every English name django-countries may show for it (the
    official name, the common one, the older ones), untranslated."""
    from django.utils import translation
    from django_countries.base import CountriesBase
    from django_countries.data import COUNTRIES

    names: dict[str, list[str]] = {}
    with translation.override(None):
        for code, name in COUNTRIES.items():
            names.setdefault(code, []).append(str(name))
        for code, name in CountriesBase.COMMON_NAMES.items():
            names.setdefault(code, []).append(str(name))
        for code, olds in CountriesBase.OLD_NAMES.items():
            names.setdefault(code, []).extend(str(old) for old in olds)
    return names


def cldr_names(language: str = "kk") -> dict[str, str]:
    """CLDR territory names of ``language`` by ISO 3166-1 alpha-2 code (Babel's data)."""
    from babel import Locale

    return {code: name for code, name in Locale(language).territories.items() if len(code) == 2}


def build_catalogue(language: str = "kk") -> polib.POFile:
    import babel

    catalogue = polib.POFile(wrapwidth=0)
    catalogue.metadata = {
        "Project-Id-Version": "erasmusdesk country names",
        "Language": language,
        "MIME-Version": "1.0",
        "Content-Type": "text/plain; charset=UTF-8",
        "Content-Transfer-Encoding": "8bit",
        "Plural-Forms": "nplurals=2; plural=(n!=1);",
        "X-Source": f"Unicode CLDR territory names via Babel {babel.__version__}",
    }
    local = cldr_names(language)
    seen = set()
    for code, names in sorted(english_names().items()):
        if code not in local:
            continue
        for name in names:
            if name in seen:
                continue
            seen.add(name)
            catalogue.append(polib.POEntry(msgid=name, msgstr=local[code], comment=code))
    return catalogue


def write_catalogue(language: str = "kk") -> Path:
    CATALOGUE.parent.mkdir(parents=True, exist_ok=True)
    catalogue = build_catalogue(language)
    catalogue.save(str(CATALOGUE))
    return CATALOGUE
