from django.urls import path

from erasmusdesk.catalogue import views

app_name = "catalogue"

urlpatterns = [
    path("", views.home, name="home"),
    path("opportunities/", views.opportunity_list, name="list"),
    path("opportunities/<slug:slug>/", views.opportunity_detail, name="detail"),
    path("contact/", views.contact, name="contact"),
]
