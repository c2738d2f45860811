"""Helpers of the account tests: signing up through the pages and reading the mails."""

import re
from urllib.parse import urlparse

import pytest
from allauth.account.models import EmailAddress
from django.contrib.auth import get_user_model

PASSWORD = "Steppe-wind-2026"


def link_in(message) -> str:
    """The path of the first link of a mail's text."""
    url = re.search(r"https?://\S+", message.body).group()
    return urlparse(url).path


@pytest.fixture
def sign_up(client, db):
    """Sign up through the page, as a visitor does; returns the response."""

    def submit(email: str = "aruzhan@example.org", password: str = PASSWORD, language="en"):
        return client.post(
            f"/{language}/account/signup/",
            {"email": email, "password1": password, "password2": password},
        )

    return submit


@pytest.fixture
def verified_user(db):
    """An account with a confirmed address, as after a completed sign-up."""

    def create(email: str = "dana@example.org", password: str = PASSWORD):
        user = get_user_model().objects.create_user(email, email=email, password=password)
        EmailAddress.objects.create(user=user, email=email, verified=True, primary=True)
        return user

    return create
