from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReportsConfig(AppConfig):
    name = "erasmusdesk.reports"
    verbose_name = _("Reports")

    def ready(self) -> None:
        from erasmusdesk.reports import panels  # noqa: F401 (registers its home-page panel)
