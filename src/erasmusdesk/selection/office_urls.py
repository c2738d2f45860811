"""The international office's selection pages (language-prefixed, under /office/selection/)."""

from django.urls import path

from erasmusdesk.selection import office_views

app_name = "selection_office"

urlpatterns = [
    path("", office_views.index, name="index"),
    path("<slug:slug>/", office_views.overview, name="overview"),
    path("<slug:slug>/set-up/", office_views.set_up, name="set_up"),
    path("<slug:slug>/committee/", office_views.add_member, name="add_member"),
    path(
        "<slug:slug>/committee/<int:user_id>/remove/",
        office_views.remove_member,
        name="remove_member",
    ),
    path("<slug:slug>/assign/", office_views.assign, name="assign"),
    path("<slug:slug>/ranking/", office_views.ranking, name="ranking"),
    path("<slug:slug>/preview/", office_views.preview, name="preview"),
    path("<slug:slug>/publish/", office_views.publish, name="publish"),
    path("<slug:slug>/changes/", office_views.changes, name="changes"),
    path("<slug:slug>/appeals/", office_views.appeal_list, name="appeals"),
    path("<slug:slug>/appeals/<int:appeal_id>/", office_views.decide, name="decide"),
    path("<slug:slug>/report.xlsx", office_views.report_xlsx, name="report_xlsx"),
    path("<slug:slug>/report.pdf", office_views.report_pdf, name="report_pdf"),
]
