from django.urls import path

from erasmusdesk.advisor import views

app_name = "advisor"

urlpatterns = [path("which-opportunity-fits-me/", views.advisor, name="advisor")]
