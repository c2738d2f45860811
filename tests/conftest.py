"""Shared fixtures: the named people of every access test, the demo catalogue, and the
frozen clock."""

from datetime import datetime

import pytest
import time_machine
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group, Permission
from django.core.cache import cache

from erasmusdesk.core.demo import load_demo

PASSWORD = "a-long-test-password-42"


def _user(username: str, **extra):
    return get_user_model().objects.create_user(
        username, email=f"{username}@example.org", password=PASSWORD, **extra
    )


@pytest.fixture
def people(db) -> dict:
    """Applicant A (the owner), applicant B, an evaluator, a coordinator, a partner contact.

    The coordinator is staff with the catalogue's permissions, as the office's accounts are;
    the others are plain accounts. ``None`` stands for the anonymous visitor.
    """
    coordinators, _ = Group.objects.get_or_create(name="coordinators")
    coordinators.permissions.set(
        Permission.objects.filter(
            content_type__app_label__in=[
                "catalogue",
                "institutions",
                "calls",
                "grants",
                "applications",
                "selection",
                "jeanmonnet",
                "mundus",
                "cbhe",
                "advisor",
                "mobility",
                "ewp",
            ]
        )
    )
    coordinator = _user("coordinator", is_staff=True)
    coordinator.groups.add(coordinators)
    people = {
        "owner": _user("applicant_a"),
        "other_applicant": _user("applicant_b"),
        "evaluator": _user("evaluator"),
        "coordinator": coordinator,
        "partner_contact": _user("partner_contact"),
        "anonymous": None,
    }
    # Each in their role group (accounts/roles.py); the coordinator is in "coordinators" above.
    for key, group in [
        ("owner", "applicants"),
        ("other_applicant", "applicants"),
        ("evaluator", "evaluators"),
        ("partner_contact", "partner_contacts"),
    ]:
        people[key].groups.add(Group.objects.get_or_create(name=group)[0])
    return people


@pytest.fixture
def demo(db):
    """The demo data: home university, office, staff account and the shipped catalogue."""
    return load_demo()


@pytest.fixture
def client_as(client):
    """A test client signed in as the given user (or anonymous for None)."""

    def sign_in(user):
        client.logout()
        if user is not None:
            client.force_login(user)
        return client

    return sign_in


@pytest.fixture(autouse=True)
def _english_by_default():
    """Every test starts in English and leaves no language behind: a page in /ru/ or /kk/
    activates its language in the thread, which would otherwise leak into the next test."""
    from django.utils import translation

    translation.activate("en")
    yield
    translation.deactivate()


@pytest.fixture(autouse=True)
def _test_settings(settings, tmp_path):
    """Tests render templates without running collectstatic (no hashed-name manifest), hash
    passwords with a fast hasher (the real one is slow on purpose), and keep uploaded files in
    a folder of their own."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    settings.ERASMUSDESK_PAGE_VERSION_SECONDS = 0
    settings.MEDIA_ROOT = str(tmp_path / "media")
    cache.clear()
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }


@pytest.fixture
def frozen():
    """Freezes the whole process's time (every reader: the clock in core, Django's
    ``auto_now``, the libraries) until the test ends; ``frozen(instant)`` moves it there
    and returns the instant. Tests that depend on the day call it, or get it frozen by
    their folder's conftest, instead of patching one module."""
    travellers = []

    def move_to(instant: datetime) -> datetime:
        if travellers:
            travellers[-1][1].move_to(instant)
        else:
            traveller = time_machine.travel(instant, tick=False)
            travellers.append((traveller, traveller.start()))
        return instant

    yield move_to
    for traveller, _ in travellers:
        traveller.stop()
