from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SelectionConfig(AppConfig):
    name = "erasmusdesk.selection"
    verbose_name = _("Selection")

    def ready(self) -> None:
        from erasmusdesk.selection import panels, receivers

        receivers.connect()
        del panels  # imported for its home-page panels (core/home.py)
