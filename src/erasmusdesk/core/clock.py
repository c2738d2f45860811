"""The one reader of "now" in Erasmus Desk.

Every rule, view, form, queryset default and API asks this module for the current instant,
the institution's local date or its local year; nothing else in ``src/`` reads the system
clock (a test walks the code to make sure). A day or a year always means the institution's
own (``TIME_ZONE``, Asia/Almaty by default), never UTC: a deadline "15 January" ends at
midnight in Atyrau, and the year of a grant estimate made at 01:00 on 1 January local time is
the new year even though UTC still says 31 December.

Tests freeze the whole process's time (time-machine), so this module has no hook of its own.
"""

from datetime import date, datetime

from django.utils import timezone


def now() -> datetime:
    """The current instant, time-zone aware (UTC)."""
    return timezone.now()


def localdate() -> date:
    """Today in the institution's time zone."""
    return timezone.localdate(timezone.now(), timezone.get_default_timezone())


def localtime() -> datetime:
    """The current instant in the institution's time zone."""
    return timezone.localtime(timezone.now(), timezone.get_default_timezone())


def local_year() -> int:
    """The current calendar year in the institution's time zone."""
    return localdate().year


def academic_year() -> int:
    """The first calendar year of the current academic year (1 September to 31 August)
    in the institution's time zone: 2026 from 1 September 2026 to 31 August 2027."""
    today = localdate()
    return today.year if today.month >= 9 else today.year - 1
