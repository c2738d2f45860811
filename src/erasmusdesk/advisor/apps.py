from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AdvisorConfig(AppConfig):
    name = "erasmusdesk.advisor"
    label = "advisor"
    verbose_name = _("Which opportunity fits me")
