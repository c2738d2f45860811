from django.urls import path

from erasmusdesk.grants import views

app_name = "grants"

urlpatterns = [
    path("grants/calculator/", views.calculator, name="calculator"),
]
