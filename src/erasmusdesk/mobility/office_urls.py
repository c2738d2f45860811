"""The international office's mobility pages (language-prefixed, under /office/mobility/)."""

from django.urls import path, re_path

from erasmusdesk.mobility import learning_views, office_views, records_views, stay_views

app_name = "mobility_office"

urlpatterns = [
    path("", office_views.index, name="index"),
    path("new/", office_views.create, name="create"),
    path("grading-tables/", office_views.grading_tables, name="grading_tables"),
    re_path(r"^mobilities\.(?P<kind>xlsx|csv)$", office_views.export, name="export"),
    path("<uuid:omobility_id>/", office_views.detail, name="detail"),
    path("<uuid:omobility_id>/stage/", office_views.move, name="move"),
    path("<uuid:omobility_id>/cancel/", office_views.cancel, name="cancel"),
    path("<uuid:omobility_id>/remind/", office_views.remind, name="remind"),
    path("<uuid:omobility_id>/nomination/", office_views.nomination, name="nomination"),
    path("<uuid:omobility_id>/learning-agreement/", learning_views.office_sign, name="la"),
    path("<uuid:omobility_id>/learning-agreement.pdf", learning_views.office_pdf, name="la_pdf"),
    path("<uuid:omobility_id>/stay/", records_views.office_stay, name="stay"),
    path("<uuid:omobility_id>/grant/", office_views.grant, name="grant"),
    path("<uuid:omobility_id>/stay-change/", stay_views.office_decide, name="stay_change"),
    path(
        "<uuid:omobility_id>/attendance/<int:certificate_id>/",
        records_views.decide_certificate,
        name="certificate_decide",
    ),
    path(
        "<uuid:omobility_id>/attendance/<int:certificate_id>/file.pdf",
        records_views.certificate_file,
        name="certificate_file",
    ),
    path("<uuid:omobility_id>/transcript/", records_views.office_transcript, name="transcript"),
    path("<uuid:omobility_id>/recognition/", records_views.recognition, name="recognition"),
    path("<uuid:omobility_id>/recognition.pdf", records_views.office_pdf, name="recognition_pdf"),
]
