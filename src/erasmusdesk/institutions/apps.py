from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class InstitutionsConfig(AppConfig):
    name = "erasmusdesk.institutions"
    verbose_name = _("Institutions")

    def ready(self) -> None:
        from erasmusdesk.institutions import receivers

        receivers.connect()
