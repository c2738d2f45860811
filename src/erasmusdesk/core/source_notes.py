"""Source notes in the reader's language.

A rule row's ``source`` is data, written in English. The notes shipped with the sourced
defaults are also msgids of the catalogues (each defaults.py marks them with
``gettext_noop``), so that a reader of the Russian or Kazakh page reads them in their
language; a note the office wrote or edited has no translation and is shown as it is,
marked as English text (``lang="en"``, WCAG 2.1 success criterion 3.1.2, language of parts).
"""

from dataclasses import dataclass

from django.utils.translation import get_language, gettext


@dataclass(frozen=True)
class SourceNote:
    text: str
    lang: str  # the language the text is in


def source_note(text: str) -> SourceNote:
    """``text`` translated when the catalogue of the active language has it, else as it is
    (in English)."""
    text = str(text or "")
    if not text:
        return SourceNote("", "en")
    translated = gettext(text)
    if translated != text:
        return SourceNote(translated, (get_language() or "en").split("-")[0])
    return SourceNote(text, "en")


def translated_source(text: str) -> str:
    """The note's text in the reader's language where it can be (for the API's answers)."""
    return source_note(text).text
