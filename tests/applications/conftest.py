"""Fixtures of the applications' tests: a call with places, a frozen clock."""

import pytest

from tests import factories
from tests.factories import applications as builders


@pytest.fixture
def call(db):
    """An open call with two partners' places and the document rules of builders.RULES."""
    return builders.call_with_places()


@pytest.fixture(autouse=True)
def frozen(frozen):
    """The whole process's time, frozen at noon on 1 December 2026 (the call of ``call`` is
    then open), so that the tests do not depend on the day they run; ``frozen(instant)``
    moves it."""

    frozen(factories.local(2026, 12, 1, 12))
    return frozen
