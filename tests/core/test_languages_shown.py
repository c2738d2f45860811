"""No English on a Russian or Kazakh page but the data people typed: the main pages of each
role rendered in ru and kk show none of the project's English messages, none of Django's
admin and validation messages, and none of the English phrases seen there before (the rate
tables' "(shipped default)", "UNCONFIRMED", the ranking's "total", the admin's own words)."""

import re
from html.parser import HTMLParser
from pathlib import Path

import django
import polib
import pytest
from django.conf import settings
from django.utils import translation

from erasmusdesk.core.translations import DJANGO_KAZAKH
from tests.factories import applications as builders

LANGUAGES = ("ru", "kk")
DJANGO = Path(django.__file__).parent
# Django's catalogues whose strings the office sees: the admin, accounts, content types, and
# the forms' and models' validation messages.
DJANGO_CATALOGUES = ("contrib/admin", "contrib/auth", "contrib/contenttypes")
VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "wbr"}
# Phrases seen in English on ru/kk pages before; each must stay gone.
KNOWN_ENGLISH = (
    "shipped default",
    "UNCONFIRMED",
    "Sources of these facts",
    "Site administration",
    "Recent actions",
    "View site",
    "Ensure that there are",
    "Ensure this value",
    "This field is required",
    "Please correct the error",
    "Log out",
)
# Words that are the same in every language of the site (names, codes, units): a message
# counts as English by its other words.
SAME_EVERYWHERE = {"Erasmus", "EWP", "ECTS", "IELTS", "TOEFL", "ISCED", "XLSX", "CSV", "PDF", "EUR"}


class _Text(HTMLParser):
    """The text a reader sees or hears in the page's language: text outside script and style,
    and the labels. An element marked lang="en" is a quotation its authors wrote in English
    (a rate table's cited sources), announced as such, and is left out."""

    def __init__(self):
        super().__init__()
        self.parts: list[str] = []
        self._hidden = 0
        self._open: list[bool] = []

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        hidden = tag in ("script", "style") or attributes.get("lang") == "en"
        if tag not in VOID:
            self._open.append(hidden)
            self._hidden += hidden
        if self._hidden or hidden:
            return
        for name, value in attrs:
            if name in ("aria-label", "title", "placeholder", "alt") and value:
                self.parts.append(value)

    def handle_endtag(self, tag):
        if tag not in VOID and self._open:
            self._hidden -= self._open.pop()

    def handle_data(self, data):
        if not self._hidden and data.strip():
            self.parts.append(" ".join(data.split()))


def visible_text(html: str) -> str:
    parser = _Text()
    parser.feed(html)
    return "\n".join(parser.parts)


def _english_messages(language: str) -> set[str]:
    """The project's English messages of three words or more whose translation differs
    (placeholders cut out: the fixed text between them is what must not show)."""
    path = Path(settings.LOCALE_PATHS[0]) / language / "LC_MESSAGES" / "django.po"
    found = set()
    for entry in polib.pofile(str(path)):
        translated = entry.msgstr or next(iter(entry.msgstr_plural.values()), "")
        for msgid in filter(None, (entry.msgid, entry.msgid_plural)):
            if translated == msgid:
                continue
            for piece in re.split(r"%\(\w+\)[sdif]|%[sd]|\{\w*\}|<[^>]+>", msgid):
                piece = piece.strip(' .,:;"“”()')
                words = [w for w in re.findall(r"[A-Za-z]+", piece) if w not in SAME_EVERYWHERE]
                if len(words) >= 3:
                    found.add(piece)
    return found


def english_shown(html: str, language: str) -> set[str]:
    """The known English phrases and the project's English messages that ``html`` shows."""
    text = visible_text(html)
    shown = {phrase for phrase in KNOWN_ENGLISH if phrase in text}
    shown |= {message for message in _english_messages(language) if message in text}
    if re.search(r"(?<![\w-])total(?![\w-])", text, flags=re.IGNORECASE):
        shown.add("total")
    return shown


@pytest.fixture
def scene(db, people):
    call = builders.call_with_places()
    builders.complete_profile(people["owner"])
    application = builders.application(people["owner"], call, state="submitted")
    return {"call": call, "application": application, "people": people}


def _pages(scene) -> list[tuple[str, str]]:
    call, application = scene["call"], scene["application"]
    partner = call.agreements.first().partner
    calculator = (
        "grants/calculator/?year=2026&activity=study&origin_city=Atyrau%2C+KZ"
        "&destination_city=Berlin%2C+DE&start=2026-09-01&end=2027-01-31&travel_days=0"
    )
    from erasmusdesk.catalogue.models import Opportunity

    # The office writes each opportunity in each language (data people typed).
    opportunity = Opportunity.objects.order_by("pk").first()
    opportunity.what_it_is_ru = "Что это такое"
    opportunity.what_it_is_kk = "Бұл не"
    opportunity.summary_ru = "Кратко"
    opportunity.summary_kk = "Қысқаша"
    opportunity.save()
    return [
        ("anonymous", ""),
        ("anonymous", "opportunities/"),
        ("anonymous", f"opportunities/{opportunity.slug}/"),
        ("anonymous", "calls/"),
        ("anonymous", f"calls/{call.slug}/"),
        ("anonymous", "partners/"),
        ("anonymous", f"partners/{partner.pk}/"),
        ("anonymous", calculator),
        ("anonymous", "account/login/"),
        ("owner", "applications/"),
        ("owner", f"applications/{application.reference}/"),
        ("coordinator", "home/"),
        ("coordinator", "office/applications/"),
        ("coordinator", f"office/applications/{call.slug}/"),
        ("coordinator", f"office/applications/a/{application.reference}/"),
        ("coordinator", "office/statistics/"),
        ("coordinator", "office/grants/budget/"),
        ("coordinator", "office/agreements/import/"),
    ]


@pytest.mark.parametrize("language", LANGUAGES)
def test_main_pages_show_no_english(client_as, scene, language):
    shown = {}
    for role, path in _pages(scene):
        response = client_as(scene["people"][role]).get(f"/{language}/{path}")
        assert response.status_code == 200, path
        found = english_shown(response.content.decode(), language)
        if found:
            shown[path] = sorted(found)
    assert shown == {}, shown


def test_the_detector_finds_english(db):
    html = (
        '<p>Сумма</p><p aria-label="Download as XLSX (tables and charts)">x</p>'
        "<td>KA171 (shipped default)</td><th>Total</th>"
    )

    assert english_shown(html, "ru") == {
        "Download as XLSX (tables and charts",
        "shipped default",
        "total",
    }
    assert english_shown("<p>Скачать XLSX (таблицы и диаграммы)</p>", "ru") == set()


def _kazakh_django(catalogue: str) -> set[tuple]:
    path = DJANGO / catalogue / "locale" / "kk" / "LC_MESSAGES" / "django.po"
    return {(e.msgctxt, e.msgid) for e in polib.pofile(str(path)) if e.translated()}


@pytest.mark.parametrize("catalogue", DJANGO_CATALOGUES)
def test_every_admin_string_of_django_has_a_kazakh_translation(catalogue):
    ours = {(e.msgctxt, e.msgid) for e in polib.pofile(str(DJANGO_KAZAKH)) if e.translated()}
    english = polib.pofile(str(DJANGO / catalogue / "locale" / "en" / "LC_MESSAGES" / "django.po"))
    missing = [
        e.msgid
        for e in english
        if (e.msgctxt, e.msgid) not in _kazakh_django(catalogue) | ours and not e.obsolete
    ]
    assert missing == []


def test_the_kazakh_supplement_keeps_every_placeholder():
    for entry in polib.pofile(str(DJANGO_KAZAKH)):
        needed = set(re.findall(r"%\(\w+\)[sdir]|%[sd]|\{\w*\}", entry.msgid_plural or entry.msgid))
        for text in [entry.msgstr] if not entry.msgid_plural else entry.msgstr_plural.values():
            assert needed <= set(re.findall(r"%\(\w+\)[sdir]|%[sd]|\{\w*\}", text)), entry.msgid


@pytest.mark.parametrize(
    "path",
    ["admin/", "admin/auth/group/", "admin/institutions/institution/add/"],
)
def test_the_kazakh_admin_shows_no_english(client_as, people, path):
    admin = people["coordinator"]
    admin.is_superuser = True
    admin.save()
    html = client_as(admin).get(f"/kk/{path}").content.decode()
    text = visible_text(html)

    english = polib.pofile(str(DJANGO / "contrib/admin/locale/en/LC_MESSAGES/django.po"))
    shown = {
        e.msgid
        for e in english
        if len(e.msgid.split()) >= 2
        and "%" not in e.msgid
        and "{" not in e.msgid
        and e.msgid in text
    }
    assert shown == set()
    assert "Сайтты ашу" in text


def test_a_validation_message_of_django_is_kazakh():
    from django import forms

    field = forms.DecimalField(decimal_places=1)
    with translation.override("kk"):
        with pytest.raises(forms.ValidationError) as refusal:
            field.clean("4.55")
        # The message is lazy: read in the language it is shown in.
        assert refusal.value.messages == ["Үтірден кейін 1 цифрдан аспауы керек."]
