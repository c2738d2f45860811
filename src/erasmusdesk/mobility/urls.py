"""The mobility's pages for participants and host contacts (language-prefixed)."""

from django.urls import path

from erasmusdesk.mobility import learning_views, records_views, stay_views, views

app_name = "mobility"

urlpatterns = [
    path("mobility/", views.my_mobilities, name="mine"),
    path("mobility/<uuid:omobility_id>/", views.detail, name="detail"),
    path("mobility/<uuid:omobility_id>/checklist/", views.tick, name="tick"),
    path(
        "mobility/<uuid:omobility_id>/attendance/",
        records_views.upload_certificate,
        name="certificate",
    ),
    path("mobility/<uuid:omobility_id>/learning-agreement/", learning_views.participant, name="la"),
    path(
        "mobility/<uuid:omobility_id>/learning-agreement.pdf",
        learning_views.participant_pdf,
        name="la_pdf",
    ),
    path(
        "host/nominations/<uuid:omobility_id>/learning-agreement.pdf",
        learning_views.host_pdf,
        name="host_la_pdf",
    ),
    path(
        "mobility/<uuid:omobility_id>/learning-agreement/start/",
        learning_views.start,
        name="la_start",
    ),
    path(
        "mobility/<uuid:omobility_id>/learning-agreement/components/",
        learning_views.add,
        name="la_add",
    ),
    path(
        "mobility/<uuid:omobility_id>/learning-agreement/courses/",
        learning_views.add_course,
        name="la_add_course",
    ),
    path(
        "mobility/<uuid:omobility_id>/learning-agreement/components/<int:component_id>/remove/",
        learning_views.remove,
        name="la_remove",
    ),
    path(
        "mobility/<uuid:omobility_id>/learning-agreement/details/",
        learning_views.details,
        name="la_details",
    ),
    path(
        "mobility/<uuid:omobility_id>/learning-agreement/sign/",
        learning_views.submit,
        name="la_submit",
    ),
    path(
        "mobility/<uuid:omobility_id>/learning-agreement/change/",
        learning_views.propose,
        name="la_change",
    ),
    path(
        "mobility/<uuid:omobility_id>/learning-agreement/withdraw/",
        learning_views.withdraw,
        name="la_withdraw",
    ),
    path(
        "mobility/<uuid:omobility_id>/recognition.pdf",
        records_views.participant_pdf,
        name="recognition_pdf",
    ),
    path("mobility/<uuid:omobility_id>/stay-change/", stay_views.propose, name="stay_change"),
    path(
        "host/nominations/<uuid:omobility_id>/stay-change/",
        stay_views.host_decide,
        name="host_stay_change",
    ),
    path("nomination/<str:token>/stay-change/", stay_views.link_decide, name="link_stay_change"),
    path("host/nominations/", views.host_list, name="host_list"),
    path("host/nominations/<uuid:omobility_id>/stay/", records_views.host_stay, name="host_stay"),
    path(
        "host/nominations/<uuid:omobility_id>/transcript/",
        records_views.host_transcript,
        name="host_transcript",
    ),
    path(
        "host/nominations/<uuid:omobility_id>/learning-agreement/",
        learning_views.host_sign,
        name="host_la",
    ),
    path("host/nominations/<uuid:omobility_id>/", views.host_detail, name="host_detail"),
    path(
        "host/nominations/<uuid:omobility_id>/package.zip",
        views.host_package,
        name="host_package",
    ),
    path("nomination/<str:token>/", views.link, name="link"),
    path("nomination/<str:token>/package.zip", views.link_package, name="link_package"),
    path("nomination/<str:token>/learning-agreement/", learning_views.link_sign, name="link_la"),
    path(
        "nomination/<str:token>/learning-agreement.pdf",
        learning_views.link_pdf,
        name="link_la_pdf",
    ),
    path("nomination/<str:token>/stay/", records_views.link_stay, name="link_stay"),
    path(
        "nomination/<str:token>/transcript/",
        records_views.link_transcript,
        name="link_transcript",
    ),
]
