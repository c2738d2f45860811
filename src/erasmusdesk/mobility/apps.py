from django.apps import AppConfig
from django.utils.translation import pgettext_lazy


class MobilityConfig(AppConfig):
    name = "erasmusdesk.mobility"
    verbose_name = pgettext_lazy("erasmus", "Mobility")

    def ready(self) -> None:
        from erasmusdesk.mobility import panels, receivers

        receivers.connect()
        del panels  # imported for its home-page panels (core/home.py)
