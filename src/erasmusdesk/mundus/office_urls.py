"""The office's Erasmus Mundus pages (included at office/erasmus-mundus/)."""

from django.urls import path

from erasmusdesk.mundus import office_views

app_name = "mundus_office"

urlpatterns = [
    path("", office_views.applications, name="applications"),
    path("<int:pk>/outcome/", office_views.outcome, name="outcome"),
    path("import/", office_views.import_programmes, name="import"),
]
