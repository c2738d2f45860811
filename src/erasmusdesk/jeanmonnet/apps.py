from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class JeanMonnetConfig(AppConfig):
    name = "erasmusdesk.jeanmonnet"
    label = "jeanmonnet"
    verbose_name = _("Jean Monnet")

    def ready(self) -> None:
        from erasmusdesk.jeanmonnet import receivers  # noqa: F401  (connects the signals)
