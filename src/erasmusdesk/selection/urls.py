"""The selection's pages for evaluators and applicants (language-prefixed)."""

from django.urls import path

from erasmusdesk.selection import views

app_name = "selection"

urlpatterns = [
    path("selection/", views.my_assignments, name="mine"),
    path("selection/<slug:slug>/<str:reference>/", views.assignment_detail, name="assignment"),
    path("selection/<slug:slug>/<str:reference>/score/", views.score, name="score"),
    path("selection/<slug:slug>/<str:reference>/conflict/", views.conflict, name="conflict"),
    path(
        "selection/<slug:slug>/<str:reference>/documents/<int:document_id>/",
        views.document,
        name="document",
    ),
    path("applications/<str:reference>/result/", views.result, name="result"),
    path("applications/<str:reference>/appeal/", views.appeal, name="appeal"),
    path("applications/<str:reference>/offer/", views.answer_offer, name="offer"),
]
