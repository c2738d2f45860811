"""The endpoints of our EWP node (thin: parse parameters, ask ``serving``, answer XML).

Parameters come in the query string (GET) or a form-encoded body (POST), as every EWP API
allows.
"""

from __future__ import annotations

from django.conf import settings
from django.http import Http404, HttpRequest, HttpResponse
from django.utils.dateparse import parse_datetime
from django.views.decorators.http import require_http_methods

from erasmusdesk.ewp import documents, keys, node, serving
from erasmusdesk.ewp import namespaces as ns
from erasmusdesk.ewp.security import error, ewp_api, xml_response


def _params(request: HttpRequest, name: str) -> list[str]:
    source = request.POST if request.method == "POST" else request.GET
    return [value.strip() for value in source.getlist(name)]


def _modified_since(request: HttpRequest):
    """``modified_since`` as an aware instant; raises ValueError when it is not one."""
    raw = _params(request, "modified_since")
    if not raw:
        return None
    value = parse_datetime(raw[0].replace(" ", "+"))
    if value is None or value.tzinfo is None:
        raise ValueError("modified_since must be an xs:dateTime with a time zone.")
    return value


@require_http_methods(["GET"])
def manifest(request: HttpRequest) -> HttpResponse:
    """The discovery manifest v6 (public, unsigned: the registry reads it)."""
    if not node.enabled():
        raise Http404
    home = node.home()
    return xml_response(
        documents.manifest(
            hei_id=node.hei_id(),
            hei_name=home.name if home else node.hei_id(),
            admin_email=settings.ERASMUSDESK_EWP_ADMIN_EMAIL,
            public_key_b64=keys.public_key_base64(),
            apis=node.apis(),
        )
    )


@require_http_methods(["GET", "POST"])
@ewp_api("echo")
def echo(request: HttpRequest) -> HttpResponse:
    """Echo v2: the caller's HEIs and its ``echo`` parameters."""
    return xml_response(documents.echo_response(request.ewp_heis, _params(request, "echo")))


@require_http_methods(["GET", "POST"])
@ewp_api("institutions")
def institutions(request: HttpRequest) -> HttpResponse:
    hei_ids = _params(request, "hei_id")
    if not hei_ids or len(hei_ids) > 1:
        return error(400, "Give one hei_id (max-hei-ids is 1).")
    return xml_response(serving.institutions(hei_ids))


@require_http_methods(["GET", "POST"])
@ewp_api("factsheet")
def factsheet(request: HttpRequest) -> HttpResponse:
    from erasmusdesk.ewp.models import Factsheet

    hei_ids = _params(request, "hei_id")
    if len(hei_ids) != 1:
        return error(400, "Give one hei_id (max-hei-ids is 1).")
    sheet = Factsheet.objects.first() if hei_ids == [node.hei_id()] else None
    return xml_response(documents.factsheet_response(node.hei_id(), sheet))


@require_http_methods(["GET", "POST"])
@ewp_api("organizational-units")
def ounits(request: HttpRequest) -> HttpResponse:
    if _params(request, "hei_id") != [node.hei_id()]:
        return error(400, f"hei_id must be {node.hei_id()}, the one HEI this host covers.")
    ids, codes = _params(request, "ounit_id"), _params(request, "ounit_code")
    if bool(ids) == bool(codes):
        return error(400, "Give either ounit_id or ounit_code values.")
    if len(ids) > node.MAX_IDS or len(codes) > node.MAX_IDS:
        return error(400, f"At most {node.MAX_IDS} ids or codes.")
    return xml_response(serving.ounits(ounit_ids=ids, ounit_codes=codes))


@require_http_methods(["GET", "POST"])
@ewp_api("iias")
def iias_index(request: HttpRequest) -> HttpResponse:
    years = []
    for value in _params(request, "receiving_academic_year_id"):
        first, _, second = value.partition("/")
        if not (first.isdigit() and second.isdigit() and int(second) == int(first) + 1):
            return error(400, "receiving_academic_year_id must look like 2026/2027.")
        years.append(int(first))
    try:
        modified_since = _modified_since(request)
    except ValueError as problem:
        return error(400, str(problem))
    return xml_response(
        serving.iia_index(request.ewp_heis, modified_since=modified_since, years=years)
    )


@require_http_methods(["GET", "POST"])
@ewp_api("iias")
def iias_get(request: HttpRequest) -> HttpResponse:
    ids = _params(request, "iia_id")
    if not ids:
        return error(400, "Give at least one iia_id.")
    if len(ids) > node.MAX_IDS:
        return error(400, f"At most {node.MAX_IDS} iia_id values (max-iia-ids).")
    return xml_response(serving.iia_get(request.ewp_heis, ids))


@require_http_methods(["GET", "POST"])
@ewp_api("iias-approval")
def iias_approval(request: HttpRequest) -> HttpResponse:
    ids = _params(request, "iia_id")
    if not ids or len(ids) > node.MAX_IDS:
        return error(400, f"Give 1 to {node.MAX_IDS} iia_id values (max-iia-ids).")
    return xml_response(serving.iias_approval(request.ewp_heis, ids))


@require_http_methods(["GET", "POST"])
@ewp_api("file")
def file(request: HttpRequest) -> HttpResponse:
    """File v1: the signed agreement's PDF named in an IIA's ``pdf-file``."""
    ids = _params(request, "file_id")
    if len(ids) != 1:
        return error(400, "Give one file_id.")
    content = serving.signed_pdf(request.ewp_heis, ids[0])
    if content is None:
        return error(404, "No such file for the caller.")
    return HttpResponse(content, content_type="application/pdf")


def _sending_hei_checked(request: HttpRequest) -> HttpResponse | None:
    if _params(request, "sending_hei_id") != [node.hei_id()]:
        return error(400, f"sending_hei_id must be {node.hei_id()}, the HEI this host covers.")
    return None


@require_http_methods(["GET", "POST"])
@ewp_api("omobilities")
def omobilities_index(request: HttpRequest) -> HttpResponse:
    """Outgoing Mobilities v3 index: our student mobilities to the caller's HEIs."""
    from erasmusdesk.ewp import omobilities

    refusal = _sending_hei_checked(request)
    if refusal:
        return refusal
    receiving = _params(request, "receiving_hei_id")
    heis = [h for h in request.ewp_heis if not receiving or h in receiving]
    try:
        modified_since = _modified_since(request)
    except ValueError as problem:
        return error(400, str(problem))
    year = (_params(request, "receiving_academic_year_id") or [""])[0]
    return xml_response(omobilities.index(heis, academic_year=year, modified_since=modified_since))


@require_http_methods(["GET", "POST"])
@ewp_api("omobilities")
def omobilities_get(request: HttpRequest) -> HttpResponse:
    from erasmusdesk.ewp import omobilities

    refusal = _sending_hei_checked(request)
    if refusal:
        return refusal
    ids = _params(request, "omobility_id")
    if not ids or len(ids) > node.MAX_IDS:
        return error(400, f"Give 1 to {node.MAX_IDS} omobility_id values.")
    return xml_response(omobilities.get(request.ewp_heis, ids))


@require_http_methods(["POST"])
@ewp_api("omobilities")
def omobilities_update(request: HttpRequest) -> HttpResponse:
    """Outgoing Mobilities v3 update: the receiving HEI approves or rejects a nomination."""
    from erasmusdesk.ewp import omobilities

    try:
        return xml_response(omobilities.update(request.ewp_heis, request.body))
    except omobilities.UpdateRefused as refusal:
        return error(refusal.status, refusal.message)


@require_http_methods(["GET", "POST"])
@ewp_api("imobilities")
def imobilities_get(request: HttpRequest) -> HttpResponse:
    """Incoming Mobilities v2 get: the dates we confirmed, to the sending HEI only."""
    from erasmusdesk.ewp import imobilities

    if _params(request, "receiving_hei_id") != [node.hei_id()]:
        return error(400, f"receiving_hei_id must be {node.hei_id()}, the HEI this host covers.")
    ids = _params(request, "omobility_id")
    if not ids or len(ids) > node.MAX_IDS:
        return error(400, f"Give 1 to {node.MAX_IDS} omobility_id values.")
    return xml_response(imobilities.get(request.ewp_heis, ids))


@require_http_methods(["POST"])
@ewp_api("iia-cnr")
def iia_cnr(request: HttpRequest) -> HttpResponse:
    """IIA CNR v3: answered at once; the agreement is fetched afterwards (a background task).
    The notifier is the caller's HEI (v3 dropped the ``notifier_hei_id`` parameter)."""
    from erasmusdesk.ewp import notifications

    notifications.receive(
        api="iia-cnr", sender_heis=request.ewp_heis, object_ids=_params(request, "iia_id")
    )
    return xml_response(documents.cnr_response(ns.IIA_CNR, "iia-cnr-response"))


@require_http_methods(["POST"])
@ewp_api("iia-approval-cnr")
def iia_approval_cnr(request: HttpRequest) -> HttpResponse:
    """IIA Approval CNR v2: the caller approved our agreements ``iia_id`` (our ids); its
    approvals are pulled afterwards from its IIA Approval API."""
    from erasmusdesk.ewp import notifications

    notifications.receive(
        api="iia-approval-cnr", sender_heis=request.ewp_heis, object_ids=_params(request, "iia_id")
    )
    return xml_response(documents.cnr_response(ns.IIA_APPROVAL_CNR, "iia-approval-cnr-response"))


@require_http_methods(["GET", "POST"])
@ewp_api("omobility-las")
def las_index(request: HttpRequest) -> HttpResponse:
    """Outgoing Mobility LAs v1.2 index: our students' agreements the caller may read."""
    from erasmusdesk.ewp import las

    refusal = _sending_hei_checked(request)
    if refusal:
        return refusal
    receiving = _params(request, "receiving_hei_id")
    heis = [h for h in request.ewp_heis if not receiving or h in receiving]
    try:
        modified_since = _modified_since(request)
    except ValueError as problem:
        return error(400, str(problem))
    year = (_params(request, "receiving_academic_year_id") or [""])[0]
    return xml_response(las.index(heis, academic_year=year, modified_since=modified_since))


@require_http_methods(["GET", "POST"])
@ewp_api("omobility-las")
def las_get(request: HttpRequest) -> HttpResponse:
    from erasmusdesk.ewp import las

    refusal = _sending_hei_checked(request)
    if refusal:
        return refusal
    ids = _params(request, "omobility_id")
    if not ids or len(ids) > node.MAX_IDS:
        return error(400, f"Give 1 to {node.MAX_IDS} omobility_id values.")
    return xml_response(las.get(request.ewp_heis, ids))


@require_http_methods(["POST"])
@ewp_api("omobility-las")
def las_update(request: HttpRequest) -> HttpResponse:
    """Outgoing Mobility LAs v1.2 update: the receiving HEI approves or comments the
    proposal it read (409 when it is no longer the latest)."""
    from erasmusdesk.ewp import las

    try:
        return xml_response(las.update(request.ewp_heis, request.body))
    except las.UpdateRefused as refusal:
        return error(refusal.status, refusal.message)


@require_http_methods(["GET", "POST"])
@ewp_api("omobility-las")
def las_stats(request: HttpRequest) -> HttpResponse:
    from erasmusdesk.ewp import las

    return xml_response(las.stats())


def _receiving_hei_checked(request: HttpRequest) -> HttpResponse | None:
    if _params(request, "receiving_hei_id") != [node.hei_id()]:
        return error(400, f"receiving_hei_id must be {node.hei_id()}, the HEI this host covers.")
    return None


@require_http_methods(["GET", "POST"])
@ewp_api("imobility-tors")
def tors_index(request: HttpRequest) -> HttpResponse:
    """Incoming Mobility ToRs v3 index: the caller's students of ours with a transcript."""
    from erasmusdesk.ewp import tors

    refusal = _receiving_hei_checked(request)
    if refusal:
        return refusal
    sending = _params(request, "sending_hei_id")
    heis = [h for h in request.ewp_heis if not sending or h in sending]
    try:
        modified_since = _modified_since(request)
    except ValueError as problem:
        return error(400, str(problem))
    return xml_response(tors.index(heis, modified_since=modified_since))


@require_http_methods(["GET", "POST"])
@ewp_api("imobility-tors")
def tors_get(request: HttpRequest) -> HttpResponse:
    from erasmusdesk.ewp import tors

    refusal = _receiving_hei_checked(request)
    if refusal:
        return refusal
    ids = _params(request, "omobility_id")
    if not ids or len(ids) > node.MAX_IDS:
        return error(400, f"Give 1 to {node.MAX_IDS} omobility_id values.")
    return xml_response(tors.get(request.ewp_heis, ids))


def _cnr(request: HttpRequest, api: str, namespace: str, element: str) -> HttpResponse:
    """A CNR answered at once (200, empty response); the named objects are fetched from the
    caller's node afterwards (a background task). Unknown ids are not an error."""
    from erasmusdesk.ewp import notifications

    ids = _params(request, "omobility_id")
    if not ids:
        return error(400, "Give at least one omobility_id.")
    if len(ids) > node.MAX_IDS:
        return error(400, f"At most {node.MAX_IDS} omobility_id values (max-omobility-ids).")
    notifications.receive(api=api, sender_heis=request.ewp_heis, object_ids=ids)
    return xml_response(documents.cnr_response(namespace, element))


@require_http_methods(["POST"])
@ewp_api("omobility-cnr")
def omobility_cnr(request: HttpRequest) -> HttpResponse:
    """Outgoing Mobility CNR v2: a partner changed (or created) the nomination of a student
    it sends us; we pull it into our incoming mobility."""
    return _cnr(request, "omobility-cnr", ns.OMOBILITY_CNR, "omobility-cnr-response")


@require_http_methods(["POST"])
@ewp_api("omobility-la-cnr")
def omobility_la_cnr(request: HttpRequest) -> HttpResponse:
    """Outgoing Mobility LA CNR v1.1: the sending HEI changed a learning agreement of a
    student it sends us; ``sending_hei_id`` must be the caller's."""
    sending = _params(request, "sending_hei_id")
    if len(sending) != 1 or sending[0] not in request.ewp_heis:
        return error(400, "sending_hei_id must be the one HEI of the caller.")
    return _cnr(request, "omobility-la-cnr", ns.OMOBILITY_LA_CNR, "omobility-la-cnr-response")


@require_http_methods(["POST"])
@ewp_api("imobility-tor-cnr")
def imobility_tor_cnr(request: HttpRequest) -> HttpResponse:
    """Incoming Mobility ToRs CNR v2: the host changed the transcript of our student."""
    return _cnr(request, "imobility-tor-cnr", ns.IMOBILITY_TOR_CNR, "imobility-tor-cnr-response")
