"""XML namespaces of the EWP documents our node writes and reads (the 2026 versions)."""

GH = "https://github.com/erasmus-without-paper/"
COMMON = GH + "ewp-specs-architecture/blob/stable-v1/common-types.xsd"
REGISTRY = GH + "ewp-specs-api-registry/tree/stable-v1"
MANIFEST = GH + "ewp-specs-api-discovery/tree/stable-v6"
SEC = GH + "ewp-specs-sec-intro/tree/stable-v2"
CLIAUTH_HTTPSIG = GH + "ewp-specs-sec-cliauth-httpsig/tree/stable-v1"
SRVAUTH_HTTPSIG = GH + "ewp-specs-sec-srvauth-httpsig/tree/stable-v1"
CONTACT = GH + "ewp-specs-types-contact/tree/stable-v1"


def entry(repo: str, major: int) -> str:
    """The namespace of an API's manifest entry, e.g. ``entry("iias", 7)``."""
    return f"{GH}ewp-specs-api-{repo}/blob/stable-v{major}/manifest-entry.xsd"


FACTSHEET = GH + "ewp-specs-api-factsheet/tree/stable-v1"
PHONE = GH + "ewp-specs-types-phonenumber/tree/stable-v1"
ECHO = GH + "ewp-specs-api-echo/tree/stable-v2"
INSTITUTIONS = GH + "ewp-specs-api-institutions/tree/stable-v2"
OUNITS = GH + "ewp-specs-api-ounits/tree/stable-v2"
IIAS_INDEX = GH + "ewp-specs-api-iias/blob/stable-v7/endpoints/index-response.xsd"
IIAS_GET = GH + "ewp-specs-api-iias/blob/stable-v7/endpoints/get-response.xsd"
IIA_CNR = GH + "ewp-specs-api-iia-cnr/tree/stable-v3"
IIA_APPROVAL_CNR = GH + "ewp-specs-api-iia-approval-cnr/tree/stable-v2"
IIAS_APPROVAL = GH + "ewp-specs-api-iias-approval/tree/stable-v2"
OMOBILITY_CNR = GH + "ewp-specs-api-omobility-cnr/tree/stable-v2"
OMOBILITY_LA_CNR = GH + "ewp-specs-api-omobility-la-cnr/tree/stable-v1"
IMOBILITY_TOR_CNR = GH + "ewp-specs-api-imobility-tor-cnr/tree/stable-v2"
