"""The translation catalogues: compiling .po to .mo without GNU gettext, and checking them.

Rule (our own): every msgid of the Russian and Kazakh catalogues has a translation that is
not fuzzy, and every format placeholder of the msgid appears in its translation.
"""

import re
from dataclasses import dataclass
from pathlib import Path

import polib
from django.conf import settings

TRANSLATED_LANGUAGES = ("ru", "kk")
_PLACEHOLDER = re.compile(r"%\(\w+\)[sdif]|\{\w*\}")


def catalogue_paths() -> dict[str, Path]:
    """The django.po file of each translated language, under the first LOCALE_PATHS entry."""
    base = Path(settings.LOCALE_PATHS[0])
    return {code: base / code / "LC_MESSAGES" / "django.po" for code in TRANSLATED_LANGUAGES}


#: The Kazakh strings of Django's admin, auth and contenttypes that Django's own Kazakh
#: catalogues leave untranslated.
DJANGO_KAZAKH = Path(__file__).parent / "django_kk" / "kk" / "LC_MESSAGES" / "django.po"


def generated_catalogues() -> list[Path]:
    """Catalogues beside the project's own, in later LOCALE_PATHS entries: the Kazakh country
    names of the CLDR (core/country_names.py) and the Kazakh supplement of Django's admin."""
    from erasmusdesk.core.country_names import CATALOGUE

    return [CATALOGUE, DJANGO_KAZAKH]


def compile_catalogues() -> list[Path]:
    """Write each .mo next to its .po when missing or older; return the files written."""
    written = []
    for po_path in [*catalogue_paths().values(), *generated_catalogues()]:
        mo_path = po_path.with_suffix(".mo")
        if mo_path.exists() and mo_path.stat().st_mtime >= po_path.stat().st_mtime:
            continue
        polib.pofile(str(po_path)).save_as_mofile(str(mo_path))
        written.append(mo_path)
    return written


@dataclass(frozen=True)
class Problem:
    language: str
    msgid: str
    reason: str

    def __str__(self) -> str:
        return f"[{self.language}] {self.msgid!r}: {self.reason}"


def _placeholders(text: str) -> set[str]:
    """The named placeholders (%(name)s, {name}) of a message."""
    return set(_PLACEHOLDER.findall(text))


def catalogue_problems() -> list[Problem]:
    """Every untranslated, fuzzy or placeholder-losing entry of the ru and kk catalogues."""
    problems = []
    for code, path in catalogue_paths().items():
        for entry in polib.pofile(str(path)):
            if entry.obsolete:
                continue
            if "fuzzy" in entry.flags:
                problems.append(Problem(code, entry.msgid, "fuzzy"))
            if entry.msgid_plural:
                translations = list(entry.msgstr_plural.values())
                needed = _placeholders(entry.msgid_plural)
            else:
                translations = [entry.msgstr]
                needed = _placeholders(entry.msgid)
            if not translations or any(not text.strip() for text in translations):
                problems.append(Problem(code, entry.msgid, "no translation"))
                continue
            for text in translations:
                missing = needed - _placeholders(text)
                if missing:
                    problems.append(Problem(code, entry.msgid, f"lacks {sorted(missing)}"))
    return problems
