"""The applicant portal's pages (language-prefixed)."""

from django.urls import path

from erasmusdesk.applications import views

app_name = "applications"

urlpatterns = [
    path("applications/", views.my_applications, name="mine"),
]
