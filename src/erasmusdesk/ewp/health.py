"""A check of a partner's node, for the office: is its manifest valid, which APIs and
versions does it serve, does its Echo answer signed? (The EWP Dashboard does not say.)"""

from __future__ import annotations

from dataclasses import dataclass, field

from erasmusdesk.ewp import catalogue, client, schemas


@dataclass
class NodeCheck:
    hei_id: str
    manifest_url: str = ""
    manifest_errors: list[str] = field(default_factory=list)
    apis: list[tuple[str, str]] = field(default_factory=list)
    echo_ok: bool = False
    echo_error: str = ""

    @property
    def manifest_ok(self) -> bool:
        return bool(self.manifest_url) and not self.manifest_errors


def check_node(hei_id: str) -> NodeCheck:
    result = NodeCheck(hei_id)
    registry = catalogue.current()
    if registry is None:
        result.manifest_errors = ["no registry catalogue"]
        return result
    result.apis = sorted({(api.name, api.version) for api in registry.apis_of(hei_id)})
    discovery = registry.api(hei_id, "discovery")
    result.manifest_url = discovery.child("url") if discovery else ""
    if result.manifest_url:
        try:
            answer = client.fetch_public(result.manifest_url, api="discovery", hei_id=hei_id)
            result.manifest_errors = schemas.errors(answer, *schemas.MANIFEST)
        except client.ExchangeError as failure:
            result.manifest_errors = [str(failure)]
    else:
        result.manifest_errors = ["the registry lists no manifest for this HEI"]
    try:
        url = client.endpoint(hei_id, "echo", "url", 2)
        client.call(hei_id=hei_id, api="echo", url=url, params=[("echo", "erasmus-desk")])
        result.echo_ok = True
    except client.ExchangeError as failure:
        result.echo_error = str(failure)
    return result
