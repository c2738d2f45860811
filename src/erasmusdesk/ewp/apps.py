from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EwpConfig(AppConfig):
    name = "erasmusdesk.ewp"
    verbose_name = _("Erasmus Without Paper")

    def ready(self) -> None:
        from erasmusdesk.ewp import receivers  # noqa: F401  (connects the signals)
