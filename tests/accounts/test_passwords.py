"""Password reset by e-mail, password change, and how passwords are stored."""

from django.contrib.auth import get_user_model
from django.core import mail

from erasmusdesk import settings as production_settings

from .conftest import PASSWORD, link_in

NEW_PASSWORD = "Caspian-shore-1991"


def test_password_reset_end_to_end(client, verified_user):
    verified_user("dana@example.org")

    response = client.post("/en/account/password/reset/", {"email": "dana@example.org"})

    assert response["Location"] == "/en/account/password/reset/done/"
    assert "We have sent a link to choose a new password" in (
        client.get(response["Location"]).content.decode()
    )
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.subject == "Erasmus Desk: Choose a new password"
    assert "To choose a new password, open this link" in message.body

    # The link's key moves to the session and the page is shown without it (no leak by Referer).
    response = client.get(link_in(message))
    assert response.status_code == 302
    form_page = client.get(response["Location"])
    assert "<h1>Choose a new password</h1>" in form_page.content.decode()

    response = client.post(
        response["Location"], {"password1": NEW_PASSWORD, "password2": NEW_PASSWORD}, follow=True
    )

    assert "Your password is changed." in response.content.decode()
    user = get_user_model().objects.get(email="dana@example.org")
    assert user.check_password(NEW_PASSWORD)
    assert not user.check_password(PASSWORD)
    # The link works once.
    again = client.get(link_in(message), follow=True)
    assert "<h1>Link not valid</h1>" in again.content.decode()


def test_password_reset_new_password_follows_the_rules(client, verified_user):
    verified_user("dana@example.org")
    client.post("/en/account/password/reset/", {"email": "dana@example.org"})
    form_url = client.get(link_in(mail.outbox[0]))["Location"]

    response = client.post(form_url, {"password1": "12345678901", "password2": "12345678901"})

    html = response.content.decode()
    assert "New password: The password cannot be digits only." in html
    user = get_user_model().objects.get(email="dana@example.org")
    assert user.check_password(PASSWORD)


def test_password_reset_for_an_unknown_address_reveals_nothing(client, db):
    response = client.post("/en/account/password/reset/", {"email": "nobody@example.org"})

    assert response["Location"] == "/en/account/password/reset/done/"
    assert mail.outbox[0].subject == "Erasmus Desk: No account with this e-mail address"


def test_password_reset_with_a_malformed_address_names_the_rule(client, db):
    response = client.post("/en/account/password/reset/", {"email": "dana-at-example"})

    assert "E-mail address: Enter an e-mail address in the form name@example.org." in (
        response.content.decode()
    )
    assert mail.outbox == []


def test_password_change_needs_the_current_password(client, verified_user):
    user = verified_user("dana@example.org")
    client.force_login(user)

    response = client.post(
        "/en/account/password/change/",
        {"oldpassword": "wrong", "password1": NEW_PASSWORD, "password2": NEW_PASSWORD},
    )

    assert "Current password: Enter your current password." in response.content.decode()
    user.refresh_from_db()
    assert user.check_password(PASSWORD)


def test_passwords_are_stored_as_argon2_hashes(client, settings, sign_up):
    settings.PASSWORD_HASHERS = production_settings.PASSWORD_HASHERS

    sign_up("aruzhan@example.org", PASSWORD)

    user = get_user_model().objects.get(email="aruzhan@example.org")
    assert production_settings.PASSWORD_HASHERS[0].endswith("Argon2PasswordHasher")
    assert user.password.startswith("argon2$argon2id$")
    assert user.check_password(PASSWORD)
