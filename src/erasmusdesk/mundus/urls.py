from django.urls import path

from erasmusdesk.mundus import views

app_name = "mundus"

urlpatterns = [
    path("erasmus-mundus/", views.directory, name="directory"),
    path("erasmus-mundus/scholarship/", views.scholarship, name="scholarship"),
    path("erasmus-mundus/my-applications/", views.my_applications, name="mine"),
    path(
        "erasmus-mundus/my-applications/<int:application_id>/withdraw/",
        views.withdraw,
        name="withdraw",
    ),
    path("erasmus-mundus/<int:pk>/", views.programme, name="programme"),
]
