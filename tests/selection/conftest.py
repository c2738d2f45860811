"""Fixtures of the selection's tests: a frozen clock, and a call whose selection is set up
with a committee of three (see builders.py)."""

import pytest
from django.utils import translation

from tests import factories
from tests.factories import selection as builders


@pytest.fixture(autouse=True)
def _english():
    """Services' messages in English, whatever language an earlier request left active."""
    with translation.override("en"):
        yield


@pytest.fixture(autouse=True)
def frozen(frozen):
    """The whole process's time frozen at noon on 1 February 2027 (the call of the builders is
    past its deadline, results not yet published); ``frozen(instant)`` moves it."""

    frozen(factories.local(2027, 2, 1, 12))
    return frozen


@pytest.fixture
def world(db, people):
    """A call with two partners (2 places each), its selection set up, three evaluators on
    the committee (the shared "evaluator" first), no application yet."""
    return builders.World.create(people)
