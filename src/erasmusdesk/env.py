"""Typed readers of environment variables: every deployment knob is one (see README)."""

import os
from pathlib import Path

from django.core.exceptions import ImproperlyConfigured

_TRUE = {"1", "true", "yes", "on"}
_FALSE = {"0", "false", "no", "off", ""}


def env_str(name: str, default: str = "") -> str:
    return os.environ.get(name, default)


def env_bool(name: str, default: bool = False) -> bool:
    raw = os.environ.get(name)
    if raw is None:
        return default
    value = raw.strip().lower()
    if value in _TRUE:
        return True
    if value in _FALSE:
        return False
    raise ImproperlyConfigured(f"{name} must be a boolean (1/0, true/false), not {raw!r}")


def env_int(name: str, default: int) -> int:
    raw = os.environ.get(name)
    if raw is None or raw.strip() == "":
        return default
    try:
        return int(raw)
    except ValueError as exc:
        raise ImproperlyConfigured(f"{name} must be a whole number, not {raw!r}") from exc


def env_list(name: str, default: list[str]) -> list[str]:
    raw = os.environ.get(name)
    if raw is None:
        return default
    return [item.strip() for item in raw.split(",") if item.strip()]


def env_path(name: str, default: Path) -> Path:
    raw = os.environ.get(name)
    return Path(raw).expanduser().resolve() if raw else default


def task_backend_path(value: str) -> str:
    """The django-tasks backend class for ERASMUSDESK_TASK_BACKEND: ``immediate`` (in-process),
    ``database`` (django-tasks-db, run by ``python -m erasmusdesk worker``), or a class path."""
    shortcuts = {
        "immediate": "django_tasks.backends.immediate.ImmediateBackend",
        "database": "django_tasks_db.DatabaseBackend",
        "dummy": "django_tasks.backends.dummy.DummyBackend",
    }
    return shortcuts.get(value, value)
