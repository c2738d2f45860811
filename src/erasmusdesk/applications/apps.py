from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ApplicationsConfig(AppConfig):
    name = "erasmusdesk.applications"
    verbose_name = _("Applications")

    def ready(self) -> None:
        from erasmusdesk.applications import panels, receivers

        receivers.connect()
        del panels  # imported for its home-page panels (core/home.py)
