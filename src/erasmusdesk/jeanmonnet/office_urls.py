"""The office's review of Jean Monnet proposals (included at office/jean-monnet/)."""

from django.urls import path

from erasmusdesk.jeanmonnet import office_views

app_name = "jeanmonnet_office"

urlpatterns = [
    path("", office_views.proposal_list, name="proposals"),
    path("<int:pk>/", office_views.proposal_detail, name="proposal"),
    path("<int:pk>/summary.pdf", office_views.proposal_summary_pdf, name="proposal_pdf"),
    path(
        "<int:pk>/documents/<int:document_id>/",
        office_views.proposal_document_file,
        name="proposal_document",
    ),
    path(
        "<int:pk>/<slug:step>/",
        office_views.proposal_act,
        name="proposal_act",
    ),
]
