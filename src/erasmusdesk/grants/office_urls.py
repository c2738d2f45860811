"""The international office's pages for grant agreements (included at office/grants/)."""

from django.urls import path

from erasmusdesk.grants import office_views

app_name = "grants_office"

urlpatterns = [
    path("", office_views.agreement_list, name="agreement_list"),
    path("new/", office_views.agreement_create, name="agreement_create"),
    path("<int:pk>/", office_views.agreement_detail, name="agreement_detail"),
    path("<int:pk>/payments/", office_views.payment_create, name="payment_create"),
    path("<int:pk>/actual-dates/", office_views.actual_dates, name="actual_dates"),
    path("<int:pk>/agreement.pdf", office_views.agreement_pdf, name="agreement_pdf"),
]
