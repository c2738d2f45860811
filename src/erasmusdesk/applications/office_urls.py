"""The international office's pages for applications (language-prefixed, under /office/)."""

from django.urls import path

from erasmusdesk.applications import office_views

app_name = "applications_office"

urlpatterns = [
    path("", office_views.index, name="index"),
    path("a/<str:reference>/", office_views.application_detail, name="detail"),
    path(
        "a/<str:reference>/documents/<int:document_id>/",
        office_views.document_file,
        name="document",
    ),
    path(
        "a/<str:reference>/documents/<int:document_id>/preview/",
        office_views.document_preview,
        name="document_preview",
    ),
    path(
        "a/<str:reference>/documents/<int:document_id>/review/",
        office_views.document_review,
        name="document_review",
    ),
    path("a/<str:reference>/return/", office_views.return_for_completion, name="return"),
    path("a/<str:reference>/eligible/", office_views.mark_eligible, name="eligible"),
    path("a/<str:reference>/ineligible/", office_views.mark_ineligible, name="ineligible"),
    path("<slug:slug>/", office_views.call_applications, name="call"),
    path("<slug:slug>/applications.csv", office_views.export_csv, name="export_csv"),
    path("<slug:slug>/applications.xlsx", office_views.export_xlsx, name="export_xlsx"),
    path("<slug:slug>/documents.zip", office_views.export_documents, name="export_documents"),
]
