"""The international office's pages of the institutions app (included at office/)."""

from django.urls import path

from erasmusdesk.institutions import office_views

app_name = "institutions_office"

urlpatterns = [
    path("agreements/import/", office_views.import_upload, name="agreement_import"),
    path(
        "agreements/import/template.csv",
        office_views.import_template,
        name="agreement_import_template",
    ),
    path(
        "agreements/import/<int:pk>/",
        office_views.import_detail,
        name="agreement_import_detail",
    ),
    path(
        "agreements/import/<int:pk>/report.csv",
        office_views.import_report,
        name="agreement_import_report",
    ),
]
