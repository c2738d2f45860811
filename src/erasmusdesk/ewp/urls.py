"""The EWP node's addresses, outside the language prefixes (/ewp/...)."""

from django.urls import path

from erasmusdesk.ewp import views

app_name = "ewp"

urlpatterns = [
    path("manifest.xml", views.manifest, name="manifest"),
    path("echo", views.echo, name="echo"),
    path("institutions", views.institutions, name="institutions"),
    path("ounits", views.ounits, name="ounits"),
    path("factsheet", views.factsheet, name="factsheet"),
    path("iias/index", views.iias_index, name="iias_index"),
    path("iias/get", views.iias_get, name="iias_get"),
    path("iias/cnr", views.iia_cnr, name="iia_cnr"),
    path("iias/approval", views.iias_approval, name="iias_approval"),
    path("file", views.file, name="file"),
    path("omobilities/index", views.omobilities_index, name="omobilities_index"),
    path("omobilities/get", views.omobilities_get, name="omobilities_get"),
    path("omobilities/update", views.omobilities_update, name="omobilities_update"),
    path("imobilities/get", views.imobilities_get, name="imobilities_get"),
    path("iias/approval/cnr", views.iia_approval_cnr, name="iia_approval_cnr"),
    path("las/index", views.las_index, name="las_index"),
    path("las/get", views.las_get, name="las_get"),
    path("las/update", views.las_update, name="las_update"),
    path("las/stats", views.las_stats, name="las_stats"),
    path("tors/index", views.tors_index, name="tors_index"),
    path("tors/get", views.tors_get, name="tors_get"),
    path("omobilities/cnr", views.omobility_cnr, name="omobility_cnr"),
    path("las/cnr", views.omobility_la_cnr, name="omobility_la_cnr"),
    path("tors/cnr", views.imobility_tor_cnr, name="imobility_tor_cnr"),
]
