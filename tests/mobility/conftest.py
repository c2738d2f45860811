"""Fixtures of the mobility's tests: a frozen clock (the call of the builders past its
deadline, results not published yet) and services speaking English."""

import pytest
from django.utils import translation

from tests import factories


@pytest.fixture(autouse=True)
def _english():
    with translation.override("en"):
        yield


@pytest.fixture(autouse=True)
def frozen(frozen):
    frozen(factories.local(2027, 2, 1, 12))
    return frozen
