"""Sign-up with e-mail confirmation, sign-in and sign-out, as a visitor goes through them."""

from allauth.account.models import EmailAddress
from django.contrib.auth import get_user_model
from django.core import mail

from erasmusdesk.accounts.roles import Role, has_role

from .conftest import PASSWORD, link_in


def test_sign_up_sends_a_confirmation_link_and_confirming_signs_in(client, sign_up):
    response = sign_up("aruzhan@example.org")

    assert response.status_code == 302
    assert response["Location"] == "/en/account/confirm-email/"
    page = client.get(response["Location"])
    assert "We have sent you an e-mail with a link" in page.content.decode()
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["aruzhan@example.org"]
    assert message.subject == "Erasmus Desk: Confirm your e-mail address"
    assert "To confirm the address, open this link" in message.body

    confirm_page = client.get(link_in(message))
    assert confirm_page.status_code == 200
    assert "Please confirm that <strong>aruzhan@example.org</strong>" in (
        confirm_page.content.decode()
    )

    response = client.post(link_in(message), follow=True)

    assert response.redirect_chain[-1][0] == "/en/applications/"
    assert response.context["user"].email == "aruzhan@example.org"
    html = response.content.decode()
    assert "<h1>My applications</h1>" in html
    assert "You are signed in as aruzhan@example.org." in html
    assert EmailAddress.objects.get(email="aruzhan@example.org").verified


def test_confirmation_link_in_the_language_of_the_sign_up(client, sign_up):
    sign_up("bota@example.org", language="kk")

    assert link_in(mail.outbox[0]).startswith("/kk/account/confirm-email/")


def test_a_new_account_is_an_applicant(sign_up):
    sign_up("aruzhan@example.org")

    user = get_user_model().objects.get(email="aruzhan@example.org")
    assert has_role(user, Role.APPLICANT)
    assert not has_role(user, Role.COORDINATOR)


def test_sign_in_is_refused_until_the_address_is_confirmed_and_a_new_link_is_sent(client, db):
    get_user_model().objects.create_user(
        "unconfirmed", email="timur@example.org", password=PASSWORD
    )

    response = client.post(
        "/en/account/login/", {"login": "timur@example.org", "password": PASSWORD}
    )

    assert response.status_code == 302
    assert response["Location"] == "/en/account/confirm-email/"
    assert not client.get("/en/applications/").wsgi_request.user.is_authenticated
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == ["timur@example.org"]
    assert "/en/account/confirm-email/" in mail.outbox[0].body


def test_sign_in_with_the_right_password_lands_on_my_applications(client, verified_user):
    verified_user("dana@example.org")

    response = client.post(
        "/en/account/login/", {"login": "Dana@Example.org", "password": PASSWORD}, follow=True
    )

    assert response.redirect_chain[-1][0] == "/en/applications/"
    assert response.context["user"].email == "dana@example.org"


def test_sign_in_with_a_wrong_password_says_so_and_keeps_the_address(client, verified_user):
    verified_user("dana@example.org")

    response = client.post(
        "/en/account/login/", {"login": "dana@example.org", "password": "not-the-password"}
    )

    assert response.status_code == 200
    html = response.content.decode()
    assert "The e-mail address or the password is not correct." in html
    assert 'class="error-summary" role="alert"' in html
    assert 'value="dana@example.org"' in html
    assert not response.wsgi_request.user.is_authenticated


def test_sign_in_without_an_address_names_the_field(client, db):
    response = client.post("/en/account/login/", {"login": "", "password": "x"})

    html = response.content.decode()
    assert '<a href="#id_login">E-mail address: Enter your e-mail address.</a>' in html
    assert 'aria-invalid="true"' in html
    assert 'aria-describedby="id_login-error"' in html


def test_sign_up_with_a_taken_address_reveals_nothing_and_mails_the_owner(
    client, sign_up, verified_user
):
    verified_user("dana@example.org")

    response = sign_up("dana@example.org")

    assert response["Location"] == "/en/account/confirm-email/"
    assert get_user_model().objects.filter(email__iexact="dana@example.org").count() == 1
    assert mail.outbox[0].subject == (
        "Erasmus Desk: Someone tried to sign up with your e-mail address"
    )


def test_sign_up_refuses_passwords_that_break_a_rule(sign_up):
    cases = {
        "Short-1": "The password is too short: use at least 10 characters.",
        "password123": "This password is one of the most common ones: choose another.",
        "7301945862": "The password cannot be digits only.",
        "aruzhan.sadykova": "The password is too similar to your e-mail address or your name.",
    }
    for password, message in cases.items():
        response = sign_up("aruzhan.sadykova@example.org", password)

        assert response.status_code == 200, password
        assert message in response.content.decode(), password
    assert not get_user_model().objects.filter(email="aruzhan.sadykova@example.org").exists()
    assert mail.outbox == []


def test_sign_up_refuses_blank_and_repetitive_passwords(sign_up):
    cases = {
        " " * 10: "The password cannot be blank or spaces only.",
        "\t \u00a0" * 4: "The password cannot be blank or spaces only.",
        "abababababab": "use at least 5 different ones.",
        "zzzz-zzzz-zzzz": "use at least 5 different ones.",
    }
    for password, message in cases.items():
        response = sign_up("dana.ospanova@example.org", password)

        assert response.status_code == 200, repr(password)
        assert message in response.content.decode(), repr(password)
    assert not get_user_model().objects.filter(email="dana.ospanova@example.org").exists()
    # Five different characters are enough.
    response = sign_up("dana.ospanova@example.org", "qwxz-qwxz-qwxz")
    assert response.status_code == 302


def test_sign_up_refuses_two_different_passwords(client, db):
    response = client.post(
        "/en/account/signup/",
        {"email": "a@example.org", "password1": PASSWORD, "password2": PASSWORD + "x"},
    )

    assert "Password again: You must type the same password each time." in (
        response.content.decode()
    )


def test_sign_up_explains_the_password_rules(client, db):
    html = client.get("/en/account/signup/").content.decode()

    assert "At least 10 characters." in html
    assert 'aria-describedby="id_password1-hint"' in html


def test_sign_out_is_a_post_and_returns_home(client, verified_user):
    client.force_login(verified_user())

    page = client.get("/en/account/logout/")
    assert "Do you want to sign out?" in page.content.decode()
    assert client.get("/en/applications/").status_code == 200

    response = client.post("/en/account/logout/", follow=True)

    assert response.redirect_chain[-1][0] == "/en/"
    assert not response.context["user"].is_authenticated
    assert "You have signed out." in response.content.decode()


def test_changing_the_address_waits_for_the_new_one_to_be_confirmed(client, verified_user):
    user = verified_user("dana@example.org")
    client.force_login(user)

    response = client.post(
        "/en/account/email/", {"email": "dana.new@example.org", "action_add": ""}, follow=True
    )

    html = response.content.decode()
    assert "You sign in with <strong>dana@example.org</strong>." in html
    assert "<strong>dana.new@example.org</strong> waits for confirmation" in html
    assert mail.outbox[0].to == ["dana.new@example.org"]
    client.post(link_in(mail.outbox[0]))
    user.refresh_from_db()
    assert user.email == "dana.new@example.org"
    assert list(EmailAddress.objects.filter(user=user).values_list("email", flat=True)) == [
        "dana.new@example.org"
    ]
