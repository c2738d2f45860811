from django.urls import path

from erasmusdesk.cbhe import views

app_name = "cbhe"

urlpatterns = [path("capacity-building/check/", views.idea_check, name="idea_check")]
