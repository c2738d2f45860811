"""Our node: whether EWP is on, our HEI, the APIs we serve (for the manifest)."""

from __future__ import annotations

from django.conf import settings
from django.urls import reverse

from erasmusdesk.ewp.documents import ApiDescription
from erasmusdesk.institutions.models import Institution

MAX_IDS = 100


def enabled() -> bool:
    """EWP is off until ``ERASMUSDESK_EWP_HEI_ID`` names our HEI (settings, README)."""
    return bool(settings.ERASMUSDESK_EWP_HEI_ID)


def hei_id() -> str:
    return settings.ERASMUSDESK_EWP_HEI_ID


def home() -> Institution | None:
    """Our institution: the one with our HEI id, else the home institution."""
    return (
        Institution.objects.filter(ewp_hei_id=hei_id()).first()
        or Institution.objects.filter(is_home=True).first()
    )


def url(name: str) -> str:
    return settings.ERASMUSDESK_EWP_BASE_URL + reverse(f"ewp:{name}")


def apis() -> list[ApiDescription]:
    """The APIs of our manifest, with the versions in force in 2026."""
    return [
        ApiDescription(
            "discovery", "discovery", 6, "6.0.0", (("url", url("manifest")),), secured=False
        ),
        ApiDescription("echo", "echo", 2, "2.0.1", (("url", url("echo")),)),
        ApiDescription(
            "institutions",
            "institutions",
            2,
            "2.2.0",
            (("url", url("institutions")), ("max-hei-ids", "1")),
        ),
        ApiDescription(
            "organizational-units",
            "ounits",
            2,
            "2.1.1",
            (
                ("url", url("ounits")),
                ("max-ounit-ids", str(MAX_IDS)),
                ("max-ounit-codes", str(MAX_IDS)),
            ),
        ),
        ApiDescription(
            "factsheet", "factsheet", 1, "1.2.0", (("url", url("factsheet")), ("max-hei-ids", "1"))
        ),
        ApiDescription(
            "iias",
            "iias",
            7,
            "7.0.0",
            (
                ("get-url", url("iias_get")),
                ("max-iia-ids", str(MAX_IDS)),
                ("index-url", url("iias_index")),
            ),
        ),
        ApiDescription("iia-cnr", "iia-cnr", 3, "3.0.0", (("url", url("iia_cnr")),)),
        ApiDescription("file", "file", 1, "1.0.0", (("url", url("file")),)),
        ApiDescription(
            "imobilities",
            "imobilities",
            2,
            "2.0.0",
            (("get-url", url("imobilities_get")), ("max-omobility-ids", str(MAX_IDS))),
        ),
        ApiDescription(
            "omobilities",
            "omobilities",
            3,
            "3.0.0",
            (
                ("get-url", url("omobilities_get")),
                ("index-url", url("omobilities_index")),
                ("update-url", url("omobilities_update")),
                ("max-omobility-ids", str(MAX_IDS)),
            ),
        ),
        ApiDescription(
            "omobility-las",
            "omobility-las",
            1,
            "1.2.0",
            (
                ("get-url", url("las_get")),
                ("index-url", url("las_index")),
                ("update-url", url("las_update")),
                ("stats-url", url("las_stats")),
                ("max-omobility-ids", str(MAX_IDS)),
            ),
        ),
        ApiDescription(
            "imobility-tors",
            "imobility-tors",
            3,
            "3.0.0",
            (
                ("get-url", url("tors_get")),
                ("index-url", url("tors_index")),
                ("max-omobility-ids", str(MAX_IDS)),
            ),
        ),
        ApiDescription(
            "omobility-cnr",
            "omobility-cnr",
            2,
            "2.0.0",
            (("url", url("omobility_cnr")), ("max-omobility-ids", str(MAX_IDS))),
        ),
        ApiDescription(
            "omobility-la-cnr",
            "omobility-la-cnr",
            1,
            "1.1.0",
            (("url", url("omobility_la_cnr")), ("max-omobility-ids", str(MAX_IDS))),
        ),
        ApiDescription(
            "imobility-tor-cnr",
            "imobility-tor-cnr",
            2,
            "2.0.0",
            (("url", url("imobility_tor_cnr")), ("max-omobility-ids", str(MAX_IDS))),
        ),
        ApiDescription(
            "iia-approval-cnr", "iia-approval-cnr", 2, "2.0.0", (("url", url("iia_approval_cnr")),)
        ),
        ApiDescription(
            "iias-approval",
            "iias-approval",
            2,
            "2.0.0",
            (("url", url("iias_approval")), ("max-iia-ids", str(MAX_IDS))),
        ),
    ]
