from django.urls import path

from erasmusdesk.institutions import views

app_name = "institutions"

urlpatterns = [
    path("partners/", views.partner_list, name="partners"),
    path("partners/<int:pk>/", views.partner_detail, name="partner"),
]
