from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MundusConfig(AppConfig):
    name = "erasmusdesk.mundus"
    label = "mundus"
    verbose_name = _("Erasmus Mundus Joint Masters")

    def ready(self) -> None:
        from erasmusdesk.mundus import receivers  # noqa: F401  (connects the signals)
