"""Fixtures of the applications' tests: a call with places, a frozen clock."""

from datetime import datetime

import pytest

from erasmusdesk.applications import clock
from tests import factories
from tests.applications import builders


@pytest.fixture
def call(db):
    """An open call with two partners' places and the document rules of builders.RULES."""
    return builders.call_with_places()


@pytest.fixture(autouse=True)
def frozen(monkeypatch):
    """The applications' clock, frozen at noon on 1 December 2026 (the call of ``call`` is
    then open), so that the tests do not depend on the day they run; ``frozen(instant)``
    moves it."""

    def set_now(instant: datetime) -> datetime:
        monkeypatch.setattr(clock, "now", lambda: instant)
        return instant

    set_now(factories.local(2026, 12, 1, 12))
    return set_now
