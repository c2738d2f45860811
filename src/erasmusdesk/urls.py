"""URL map: language-prefixed pages (/en/, /ru/, /kk/), plus a few unprefixed endpoints."""

from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.urls import include, path

from erasmusdesk.api import api
from erasmusdesk.calls.urls import feed_urlpatterns
from erasmusdesk.core import monitoring
from erasmusdesk.core import views as core_views

urlpatterns = [
    path("healthz", core_views.healthz, name="healthz"),
    path("favicon.ico", core_views.favicon, name="favicon"),
    path("readyz", monitoring.readyz, name="readyz"),
    path("metrics", monitoring.metrics, name="metrics"),
    path("api/v1/", api.urls),
    path("", include((feed_urlpatterns, "feeds"))),
    path("ewp/", include("erasmusdesk.ewp.urls")),
]

urlpatterns += i18n_patterns(
    path("admin/", admin.site.urls),
    path("home/", core_views.home, name="home"),
    path("account/", include("erasmusdesk.accounts.urls")),
    path("account/", include("allauth.account.urls")),
    path("office/grants/budget/", include("erasmusdesk.grants.budget_urls")),
    path("office/grants/", include("erasmusdesk.grants.office_urls")),
    path("office/applications/", include("erasmusdesk.applications.office_urls")),
    path("office/selection/", include("erasmusdesk.selection.office_urls")),
    path("office/jean-monnet/", include("erasmusdesk.jeanmonnet.office_urls")),
    path("office/erasmus-mundus/", include("erasmusdesk.mundus.office_urls")),
    path("office/capacity-building/", include("erasmusdesk.cbhe.office_urls")),
    path("office/mobility/", include("erasmusdesk.mobility.office_urls")),
    path("office/ewp/", include("erasmusdesk.ewp.office_urls")),
    path("office/statistics/", include("erasmusdesk.reports.urls")),
    path("office/personal-data/", include("erasmusdesk.accounts.office_urls")),
    path("office/", include("erasmusdesk.institutions.office_urls")),
    path("", include("erasmusdesk.applications.urls")),
    path("", include("erasmusdesk.selection.urls")),
    path("", include("erasmusdesk.mobility.urls")),
    path("", include("erasmusdesk.catalogue.urls")),
    path("", include("erasmusdesk.calls.urls")),
    path("", include("erasmusdesk.institutions.urls")),
    path("", include("erasmusdesk.grants.urls")),
    path("", include("erasmusdesk.jeanmonnet.urls")),
    path("", include("erasmusdesk.advisor.urls")),
    path("", include("erasmusdesk.mundus.urls")),
    path("", include("erasmusdesk.cbhe.urls")),
    prefix_default_language=True,
)

# The error page shows the request's id, for the applicant to quote to the office.
handler500 = "erasmusdesk.core.views.server_error"
