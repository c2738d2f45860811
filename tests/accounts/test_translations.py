"""Every text of the account pages comes from our own catalogue (allauth has no Kazakh)."""

from pathlib import Path

import allauth
import polib
from allauth.account.adapter import DefaultAccountAdapter

from erasmusdesk.accounts.adapter import AccountAdapter
from erasmusdesk.accounts.allauth_messages import ALLAUTH_MESSAGES

TEMPLATES = Path(__file__).resolve().parents[2] / "src/erasmusdesk/accounts/templates"


def test_listed_allauth_texts_are_allauths_own_msgids():
    catalogue = Path(allauth.__file__).parent / "locale/ru/LC_MESSAGES/django.po"
    msgids = {entry.msgid for entry in polib.pofile(str(catalogue))}

    assert [text for text in ALLAUTH_MESSAGES if text not in msgids] == []


def test_every_allauth_error_text_is_replaced_by_ours():
    ours = AccountAdapter.error_messages

    assert set(ours) >= set(DefaultAccountAdapter.error_messages)
    for key, text in ours.items():
        assert str(text) != str(DefaultAccountAdapter.error_messages.get(key)), key


def test_every_page_and_mail_template_of_allauth_we_show_is_ours():
    shipped = Path(allauth.__file__).parent / "templates"
    used = [
        "allauth/layouts/base.html",
        "account/login.html",
        "account/signup.html",
        "account/logout.html",
        "account/email_confirm.html",
        "account/verification_sent.html",
        "account/password_reset.html",
        "account/password_reset_done.html",
        "account/password_reset_from_key.html",
        "account/password_reset_from_key_done.html",
        "account/password_change.html",
        "account/password_set.html",
        "account/email_change.html",
        "account/account_inactive.html",
        "account/reauthenticate.html",
    ]
    used += [
        str(path.relative_to(shipped))
        for folder in ("account/email", "account/messages")
        for path in (shipped / folder).glob("*.txt")
    ]

    assert [name for name in used if not (TEMPLATES / name).exists()] == []


def test_our_account_templates_use_no_allauth_elements():
    offenders = [
        str(path.relative_to(TEMPLATES))
        for path in TEMPLATES.rglob("*.*")
        if "{% element" in path.read_text() or "{% trans " in path.read_text()
    ]

    assert offenders == []
