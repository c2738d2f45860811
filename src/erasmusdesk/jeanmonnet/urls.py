from django.urls import path

from erasmusdesk.jeanmonnet import views

app_name = "jeanmonnet"

urlpatterns = [
    path("jean-monnet/check/", views.checker, name="checker"),
    path("jean-monnet/proposals/", views.proposal_list, name="proposals"),
    path("jean-monnet/proposals/new/", views.proposal_create, name="proposal_create"),
    path("jean-monnet/proposals/<int:pk>/", views.proposal_detail, name="proposal"),
    path("jean-monnet/proposals/<int:pk>/submit/", views.proposal_submit, name="proposal_submit"),
    path(
        "jean-monnet/proposals/<int:pk>/comment/", views.proposal_comment, name="proposal_comment"
    ),
    path(
        "jean-monnet/proposals/<int:pk>/documents/",
        views.proposal_document_upload,
        name="proposal_document_upload",
    ),
    path(
        "jean-monnet/proposals/<int:pk>/documents/<int:document_id>/",
        views.proposal_document_file,
        name="proposal_document",
    ),
    path(
        "jean-monnet/proposals/<int:pk>/documents/<int:document_id>/remove/",
        views.proposal_document_remove,
        name="proposal_document_remove",
    ),
    path(
        "jean-monnet/proposals/<int:pk>/summary.pdf",
        views.proposal_summary_pdf,
        name="proposal_pdf",
    ),
]
