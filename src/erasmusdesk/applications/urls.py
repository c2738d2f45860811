"""The applicant portal's pages (language-prefixed)."""

from django.urls import path

from erasmusdesk.applications import views

app_name = "applications"

urlpatterns = [
    path("applications/", views.my_applications, name="mine"),
    path("applications/start/<slug:slug>/", views.start, name="start"),
    path("applications/<str:reference>/", views.detail, name="detail"),
    path("applications/<str:reference>/edit/", views.edit, name="edit"),
    path("applications/<str:reference>/documents/", views.documents, name="documents"),
    path(
        "applications/<str:reference>/documents/upload/<int:type_id>/",
        views.upload,
        name="upload",
    ),
    path(
        "applications/<str:reference>/documents/<int:document_id>/",
        views.download,
        name="download",
    ),
    path(
        "applications/<str:reference>/documents/<int:document_id>/remove/",
        views.remove,
        name="remove",
    ),
    path("applications/<str:reference>/submit/", views.submit_view, name="submit"),
    path("applications/<str:reference>/withdraw/", views.withdraw_view, name="withdraw"),
    path("applications/<str:reference>/receipt.pdf", views.receipt, name="receipt"),
]
