"""Every account page renders in English, Russian and Kazakh inside the site's own layout,
and the header shows the right links to visitors and to signed-in people."""

import re

import pytest
from django.core import mail

from .conftest import link_in

LANGUAGES = ["en", "ru", "kk"]
ANONYMOUS_PAGES = [
    "account/login/",
    "account/signup/",
    "account/password/reset/",
    "account/password/reset/done/",
    "account/confirm-email/",
    "account/confirm-email/not-a-key/",
    "account/password/reset/key/1-not-a-key/",
    "account/password/reset/key/done/",
    "account/inactive/",
]
SIGNED_IN_PAGES = [
    "account/profile/",
    "account/logout/",
    "account/email/",
    "account/password/change/",
]


def _is_our_page(html: str, language: str) -> bool:
    return f'<html lang="{language}">' in html and 'class="site-header"' in html


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("page", ANONYMOUS_PAGES)
def test_account_pages_for_visitors_render_in_our_layout(client, db, language, page):
    response = client.get(f"/{language}/{page}")

    assert response.status_code == 200
    html = response.content.decode()
    assert _is_our_page(html, language)
    assert "<h1>" in html
    assert "<script" not in html


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("page", SIGNED_IN_PAGES)
def test_account_pages_for_signed_in_people_render_in_our_layout(
    client_as, verified_user, language, page
):
    response = client_as(verified_user()).get(f"/{language}/{page}")

    assert response.status_code == 200
    assert _is_our_page(response.content.decode(), language)


@pytest.mark.parametrize("language", LANGUAGES)
def test_form_errors_render_in_each_language(client, db, language):
    response = client.post(f"/{language}/account/signup/", {"email": "x", "password1": "1"})

    html = response.content.decode()
    assert response.status_code == 200
    assert 'class="error-summary" role="alert"' in html
    assert 'href="#id_email"' in html
    assert 'aria-invalid="true"' in html


def test_every_account_form_field_has_a_label(client, db):
    for page in ["account/login/", "account/signup/", "account/password/reset/"]:
        html = client.get(f"/en/{page}").content.decode()
        for input_id in re.findall(r'<input [^>]*id="(id_[^"]+)"', html):
            assert re.search(f'<label for="{input_id}"[ >]', html), (page, input_id)
        assert "placeholder=" not in html, page


def test_visitors_see_sign_in_and_sign_up_in_the_header(client, db):
    html = client.get("/en/calls/").content.decode()

    assert '<a href="/en/account/login/">Sign in</a>' in html
    assert '<a href="/en/account/signup/">Sign up</a>' in html
    assert "Sign out" not in html


def test_signed_in_people_see_their_pages_and_a_sign_out_button(client_as, people):
    html = client_as(people["owner"]).get("/en/calls/").content.decode()

    assert '<a href="/en/applications/">My applications</a>' in html
    assert '<a href="/en/account/profile/">Profile</a>' in html
    assert re.search(
        r'<form method="post" action="/en/account/logout/">.*?<button type="submit" '
        r'class="link-button">Sign out</button></form>',
        html,
        flags=re.DOTALL,
    )
    assert '<a href="/en/account/login/">' not in html


def test_the_profile_link_is_marked_current_on_the_profile_page(client_as, people):
    html = client_as(people["owner"]).get("/en/account/profile/").content.decode()

    assert '<a href="/en/account/profile/" aria-current="page">Profile</a>' in html


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_mails_are_ours_in_each_language(client, db, language):
    client.post(
        f"/{language}/account/signup/",
        {
            "email": "ayan@example.org",
            "password1": "Steppe-wind-2026",
            "password2": "Steppe-wind-2026",
        },
    )

    message = mail.outbox[0]
    assert message.subject.startswith("Erasmus Desk: ")
    assert link_in(message).startswith(f"/{language}/account/confirm-email/")
    assert "example.com" not in message.body
    assert "Hello from" not in message.body
