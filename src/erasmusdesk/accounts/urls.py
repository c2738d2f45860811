"""The account pages of our own (language-prefixed, under /account/ next to allauth's)."""

from django.urls import path

from erasmusdesk.accounts import personal_data_views, views

app_name = "accounts"

urlpatterns = [
    path("profile/", views.profile, name="profile"),
    path("my-data/", personal_data_views.my_data, name="my_data"),
]
