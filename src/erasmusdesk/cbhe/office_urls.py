"""The office's register of capacity-building projects (included at office/capacity-building/)."""

from django.urls import path

from erasmusdesk.cbhe import views

app_name = "cbhe_office"

urlpatterns = [
    path("", views.project_list, name="projects"),
    path("new/", views.project_create, name="project_create"),
    path("<int:pk>/", views.project_detail, name="project"),
    path("<int:pk>/reports/<int:report_id>/done/", views.report_done, name="report_done"),
]
