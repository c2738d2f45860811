"""URL map: language-prefixed pages (/en/, /ru/, /kk/), plus a few unprefixed endpoints."""

from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.urls import include, path

from erasmusdesk.core import views as core_views

urlpatterns = [
    path("healthz", core_views.healthz, name="healthz"),
]

urlpatterns += i18n_patterns(
    path("admin/", admin.site.urls),
    path("", include("erasmusdesk.catalogue.urls")),
    prefix_default_language=True,
)
