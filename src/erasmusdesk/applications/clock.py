"""The current instant for the applications' rules, in one place so tests can freeze it."""

from datetime import datetime

from django.utils import timezone


def now() -> datetime:
    """The current aware instant (tests replace this function to freeze the clock)."""
    return timezone.now()
