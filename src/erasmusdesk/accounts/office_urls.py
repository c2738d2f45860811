"""The office's pages on personal data (language-prefixed, under /office/personal-data/)."""

from django.urls import path

from erasmusdesk.accounts import office_views

app_name = "accounts_office"

urlpatterns = [
    path("", office_views.expired, name="expired"),
    path("erase/<int:user_id>/", office_views.erase, name="erase"),
    path("document-access/", office_views.document_access_log, name="document_access"),
]
