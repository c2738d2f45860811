"""The office's budget pages (included at office/grants/budget/)."""

from django.urls import path

from erasmusdesk.grants import budget_views

app_name = "grants_budget"

urlpatterns = [
    path("", budget_views.budget_index, name="index"),
    path("<slug:slug>/", budget_views.budget_detail, name="detail"),
]
