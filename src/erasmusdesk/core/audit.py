"""Writing the audit log from service functions."""

from typing import Any

from django.db import models

from erasmusdesk.core.models import AuditEntry


def record(action: str, obj: models.Model | None = None, *, by=None, **data: Any) -> AuditEntry:
    """Write one audit entry for ``action`` on ``obj`` by the user ``by`` (None: anonymous).

    Call it inside the service's transaction, so that the entry exists exactly when the
    change does.
    """
    return AuditEntry.objects.create(
        action=action,
        actor=by if getattr(by, "is_authenticated", False) else None,
        object_type=obj._meta.label_lower if obj is not None else "",
        object_id=str(obj.pk) if obj is not None else "",
        data=data,
    )
