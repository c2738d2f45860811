"""The office's statistics (included at office/statistics/)."""

from django.urls import path

from erasmusdesk.reports import views

app_name = "reports_office"

urlpatterns = [
    path("", views.statistics_page, name="statistics"),
    path("statistics.xlsx", views.statistics_download, name="statistics_xlsx"),
]
