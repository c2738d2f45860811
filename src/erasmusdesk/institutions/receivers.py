"""What institutions does when lower layers signal: the worker's periodic housekeeping."""

from erasmusdesk.core.tasks import housekeeping


def resume_imports(sender, **kwargs) -> None:
    """Resume agreement imports whose process stopped (or mark them failed)."""
    from erasmusdesk.institutions.agreement_import.jobs import resume_interrupted_imports

    resume_interrupted_imports()


def connect() -> None:
    housekeeping.connect(resume_imports, dispatch_uid="institutions.resume_imports")
