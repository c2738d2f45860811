from django.urls import path

from erasmusdesk.calls import views

app_name = "calls"

urlpatterns = [
    path("calls/", views.call_list, name="list"),
    path("calls/<slug:slug>/", views.call_detail, name="detail"),
]

feed_urlpatterns = [
    path("calls.ics", views.all_calls_ics, name="calls_ics"),
    path("calls/<slug:slug>.ics", views.call_ics, name="call_ics"),
]
