"""System checks of our own deployment rules (``python -m erasmusdesk check --deploy``)."""

from django.conf import settings
from django.core.checks import Error, Tags, register


@register(Tags.security, deploy=True)
def check_secret_key_from_environment(app_configs, **kwargs) -> list[Error]:
    """A production deployment takes its signing key from the environment (SECRET_KEY), never
    from the key generated into the data folder for the embedded set-up: that file would end
    up in backups and copies of the folder, and each app server would make its own."""
    if getattr(settings, "ERASMUSDESK_SECRET_KEY_SOURCE", "environment") == "environment":
        return []
    return [
        Error(
            "SECRET_KEY is not set in the environment; the key generated into the data "
            "folder is for a single local installation.",
            hint="Set SECRET_KEY (50 or more random characters), the same on every app server.",
            id="erasmusdesk.E001",
        )
    ]
