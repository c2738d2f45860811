from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class GrantsConfig(AppConfig):
    name = "erasmusdesk.grants"
    verbose_name = _("Grants")

    def ready(self) -> None:
        from erasmusdesk.grants import panels  # noqa: F401 (registers its home-page panels)
