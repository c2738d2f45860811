"""The account pages of our own (language-prefixed, under /account/ next to allauth's)."""

from django.urls import path

from erasmusdesk.accounts import views

app_name = "accounts"

urlpatterns = [
    path("profile/", views.profile, name="profile"),
]
