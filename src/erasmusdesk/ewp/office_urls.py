"""The office's EWP pages (included at office/ewp/)."""

from django.urls import path

from erasmusdesk.ewp import office_views

app_name = "ewp_office"

urlpatterns = [
    path("", office_views.index, name="index"),
    path("exchanges/<int:pk>/", office_views.exchange_detail, name="exchange"),
    path("refresh/", office_views.refresh, name="refresh"),
    path("check/", office_views.check_partner, name="check"),
    path("notifications/<int:pk>/again/", office_views.notify_again, name="notify_again"),
    path("agreements/<int:pk>/", office_views.partner_iia, name="partner_iia"),
]
