from django.apps import AppConfig
from django.utils.translation import pgettext_lazy


class CallsConfig(AppConfig):
    name = "erasmusdesk.calls"
    verbose_name = pgettext_lazy("call for applications", "Calls")

    def ready(self) -> None:
        from erasmusdesk.calls import panels  # noqa: F401 (registers its home-page panels)
