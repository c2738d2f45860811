from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CapacityBuildingConfig(AppConfig):
    name = "erasmusdesk.cbhe"
    label = "cbhe"
    verbose_name = _("Capacity Building in Higher Education")
