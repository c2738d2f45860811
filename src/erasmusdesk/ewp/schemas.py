"""The official EWP schemas shipped in ``schemas/`` and XML Schema validation with lxml.

``schemas/`` is an unmodified copy of the public schema folders (MIT, see its README and
LICENSE files): ``registry-schemas/`` holds the versions the EWP Registry validates in 2026.
A few schemas import others by absolute ``raw.githubusercontent.com`` URLs; ``catalog.xml``
maps them to the local copies, and the resolver below does the same, so no network is ever
needed.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from lxml import etree

ROOT = Path(__file__).resolve().parent / "schemas"
REGISTRY = ROOT / "registry-schemas"

# catalog.xml: the longest matching prefix wins.
_REWRITES = [
    (
        "https://raw.githubusercontent.com/emrex-eu/elmo-schemas/v2.1.1/",
        ROOT / "registry-schemas" / "elmo-schemas-v2.1.1",
    ),
    ("https://raw.githubusercontent.com/", ROOT),
    ("http://www.w3.org/2001/03/", ROOT / "www.w3.org" / "2001" / "03"),
    ("https://www.w3.org/2001/03/", ROOT / "www.w3.org" / "2001" / "03"),
]


class _LocalResolver(etree.Resolver):
    def resolve(self, url, pubid, context):
        for prefix, folder in _REWRITES:
            if url.startswith(prefix):
                return self.resolve_filename(str(folder / url[len(prefix) :]), context)
        if url.startswith(("http://", "https://")):
            raise etree.XMLSchemaParseError(f"not in the local schema copy: {url}")
        return None


def _parser() -> etree.XMLParser:
    parser = etree.XMLParser(no_network=True, resolve_entities=False)
    parser.resolvers.add(_LocalResolver())
    return parser


@lru_cache(maxsize=64)
def schema(*relative_paths: str) -> etree.XMLSchema:
    """The XML Schema made of the given files of ``registry-schemas/`` (imported together)."""
    if len(relative_paths) == 1:
        document = etree.parse(str(REGISTRY / relative_paths[0]), _parser())
        return etree.XMLSchema(document)
    imports = []
    for relative in relative_paths:
        path = REGISTRY / relative
        namespace = etree.parse(str(path), _parser()).getroot().get("targetNamespace")
        imports.append(f'<xs:import namespace="{namespace}" schemaLocation="{path.as_uri()}"/>')
    wrapper = (
        '<xs:schema xmlns:xs="http://www.w3.org/2001/XMLSchema">'
        + "".join(imports)
        + "</xs:schema>"
    )
    document = etree.fromstring(wrapper.encode(), _parser(), base_url=str(REGISTRY) + "/")
    return etree.XMLSchema(document)


def errors(xml: bytes, *relative_paths: str) -> list[str]:
    """The validation errors of ``xml`` against the schema (empty when it is valid)."""
    try:
        document = etree.fromstring(xml, _parser())
    except etree.XMLSyntaxError as error:
        return [str(error)]
    checker = schema(*relative_paths)
    if checker.validate(document):
        return []
    return [f"line {e.line}: {e.message}" for e in checker.error_log]


# The schemas of every document our node serves, by API (the versions in force in 2026).
MANIFEST = (
    "ewp-specs-api-discovery-v6.0.0/manifest.xsd",
    "ewp-specs-api-discovery-v6.0.0/manifest-entry.xsd",
    "ewp-specs-api-echo-v2.0.1/manifest-entry.xsd",
    "ewp-specs-api-registry-v1.5.0/manifest-entry.xsd",
    "ewp-specs-api-institutions-v2.2.0/manifest-entry.xsd",
    "ewp-specs-api-ounits-v2.1.1/manifest-entry.xsd",
    "ewp-specs-api-factsheet-v1.2.0/manifest-entry.xsd",
    "ewp-specs-api-iias-v7.0.0/manifest-entry.xsd",
    "ewp-specs-api-iia-cnr-v3.0.0/manifest-entry.xsd",
    "ewp-specs-api-iias-approval-v2.0.0/manifest-entry.xsd",
    "ewp-specs-api-file-v1.0.0/manifest-entry.xsd",
    "ewp-specs-api-omobilities-v3.0.0/manifest-entry.xsd",
    "ewp-specs-api-imobilities-v2.0.0/manifest-entry.xsd",
    "ewp-specs-api-iia-approval-cnr-v2.0.0/manifest-entry.xsd",
    "ewp-specs-api-omobility-las-v1.2.0/manifest-entry.xsd",
    "ewp-specs-api-imobility-tors-v3.0.0/manifest-entry.xsd",
    "ewp-specs-api-omobility-cnr-v2.0.0/manifest-entry.xsd",
    "ewp-specs-api-omobility-la-cnr-v1.1.0/manifest-entry.xsd",
    "ewp-specs-api-imobility-tor-cnr-v2.0.0/manifest-entry.xsd",
    "ewp-specs-sec-cliauth-httpsig-v1.0.2/security-entries.xsd",
    "ewp-specs-sec-srvauth-httpsig-v1.1.0/security-entries.xsd",
)
CATALOGUE = ("ewp-specs-api-registry-v1.5.0/catalogue.xsd",)
ECHO = ("ewp-specs-api-echo-v2.0.1/response.xsd",)
INSTITUTIONS = ("ewp-specs-api-institutions-v2.2.0/response.xsd",)
OMOBILITIES_INDEX = ("ewp-specs-api-omobilities-v3.0.0/endpoints/index-response.xsd",)
OMOBILITIES_GET = ("ewp-specs-api-omobilities-v3.0.0/endpoints/get-response.xsd",)
OMOBILITIES_UPDATE = ("ewp-specs-api-omobilities-v3.0.0/endpoints/update-response.xsd",)
IMOBILITIES_GET = ("ewp-specs-api-imobilities-v2.0.0/endpoints/get-response.xsd",)
FACTSHEET = ("ewp-specs-api-factsheet-v1.2.0/response.xsd",)
OUNITS = ("ewp-specs-api-ounits-v2.1.1/response.xsd",)
IIAS_INDEX = ("ewp-specs-api-iias-v7.0.0/endpoints/index-response.xsd",)
IIAS_GET = ("ewp-specs-api-iias-v7.0.0/endpoints/get-response.xsd",)
IIA_CNR = ("ewp-specs-api-iia-cnr-v3.0.0/response.xsd",)
IIA_APPROVAL_CNR = ("ewp-specs-api-iia-approval-cnr-v2.0.0/response.xsd",)
IIAS_APPROVAL = ("ewp-specs-api-iias-approval-v2.0.0/response.xsd",)
ERROR = ("ewp-specs-architecture-v1.16.0/common-types.xsd",)
LAS_INDEX = ("ewp-specs-api-omobility-las-v1.2.0/endpoints/index-response.xsd",)
LAS_GET = ("ewp-specs-api-omobility-las-v1.2.0/endpoints/get-response.xsd",)
LAS_UPDATE_REQUEST = ("ewp-specs-api-omobility-las-v1.2.0/endpoints/update-request.xsd",)
LAS_UPDATE_RESPONSE = ("ewp-specs-api-omobility-las-v1.2.0/endpoints/update-response.xsd",)
LAS_STATS = ("ewp-specs-api-omobility-las-v1.2.0/endpoints/stats-response.xsd",)
TORS_INDEX = ("ewp-specs-api-imobility-tors-v3.0.0/endpoints/index-response.xsd",)
TORS_GET = ("ewp-specs-api-imobility-tors-v3.0.0/endpoints/get-response.xsd",)
OMOBILITY_CNR = ("ewp-specs-api-omobility-cnr-v2.0.0/response.xsd",)
OMOBILITY_LA_CNR = ("ewp-specs-api-omobility-la-cnr-v1.1.0/response.xsd",)
IMOBILITY_TOR_CNR = ("ewp-specs-api-imobility-tor-cnr-v2.0.0/response.xsd",)
