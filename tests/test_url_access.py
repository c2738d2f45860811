"""Every URL pattern of the project is covered by an access rule: no view forgot its check.

The test walks the whole URL map (``get_resolver()``: nested includes and namespaces, the
language-prefixed patterns in English, the admin, allauth) and, for the JSON API, every
operation of the OpenAPI document (each method of each path). Each one must be either

* **public**: listed in ``PUBLIC`` (or ``PUBLIC_API``) below with the reason it may be, or
* **refused to an anonymous visitor**: a GET (a POST when the view answers GET with 405)
  by a visitor who is not signed in is redirected to a sign-in page (the site's or the back
  office's), or answered 401, 403 or 404.

A 404 only counts as a refusal when the URL names something real. So the URL arguments are
not dummies but the objects of a small data set (an application with its documents, a call,
a grant agreement, an import job; ``_samples``), and a 404 to the anonymous visitor is then
checked against a superuser and the application's owner: at least one of them must get
something other than 404 at the same URL. A pattern with an argument this test does not know
fails and names it: add a sample value in ``_samples``. Each request runs in a savepoint that
is rolled back, so a POST changes nothing for the next one.

So a new view without a permission check fails here until it checks access or is listed as
public, with its reason.
"""

import re
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

import pytest
from django.contrib.auth import get_user_model
from django.core.files.base import ContentFile
from django.db import transaction
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, resolve
from django.urls.resolvers import RegexPattern, RoutePattern
from django.utils import translation
from django.utils.regex_helper import normalize

from erasmusdesk.grants import grant_services
from erasmusdesk.institutions.models import AgreementImport, Institution
from erasmusdesk.mobility import services as mobility_services
from tests import factories
from tests.factories import applications as builders
from tests.factories import cbhe as cbhe_builders
from tests.factories import jeanmonnet as jean_monnet_builders
from tests.factories import mundus as mundus_builders
from tests.factories.ewp import samples as ewp_samples

PUBLIC = {
    # Operations of every deployment.
    "healthz": "the load balancers' health check; answers 'ok' and reads nothing",
    "favicon": "the site's icon, asked for by browsers on every page; reads nothing",
    "readyz": "the readiness check: 'ok' or 'failed' per dependency, nothing else",
    # The public catalogue, calls, partners and calculator (ARCHITECTURE: the visitor).
    "catalogue:home": "public home page",
    "catalogue:list": "public catalogue of opportunities",
    "catalogue:detail": "public opportunity page",
    "catalogue:contact": "public enquiry form (limited per address and hour)",
    "calls:list": "public list of calls",
    "calls:detail": "public call page with its deadlines and places",
    "feeds:calls_ics": "public iCalendar feed of the calls' deadlines",
    "feeds:call_ics": "public iCalendar feed of one call's deadlines",
    "institutions:partners": "public list of partner universities",
    "institutions:partner": "public page of a partner university",
    "grants:calculator": "public grant calculator",
    "advisor:advisor": "public page: which opportunity fits me (stores nothing)",
    "mundus:directory": "public directory of Erasmus Mundus Joint Masters",
    "mundus:programme": "public page of a published Joint Master",
    "mundus:scholarship": "public Erasmus Mundus scholarship estimator",
    "cbhe:idea_check": "public capacity-building idea checker (stores nothing)",
    "jeanmonnet:checker": "public Jean Monnet rule checker (stores nothing)",
    "mobility:link": "a host contact without an account: the signed, expiring token in the URL "
    "is the check (mobility/links.py)",
    "mobility:link_package": "the nomination package behind the same signed, expiring token",
    "mobility:link_la": "the host's signature of the learning agreement behind the same signed, "
    "expiring token (one mobility)",
    "mobility:link_la_pdf": "the learning agreement's PDF behind the same signed, expiring token",
    "mobility:link_stay": "the host's confirmation of the stay's dates behind the same signed, "
    "expiring token",
    "mobility:link_transcript": "the host's transcript of records behind the same signed, "
    "expiring token",
    "mobility:link_stay_change": "the host's decision on a change of the stay behind the same "
    "signed, expiring token",
    # Signing up and in: pages for visitors who are not signed in, by nature.
    "account_login": "the site's sign-in (throttled by axes)",
    "account_signup": "sign-up",
    "account_logout": "sign-out: a visitor who is not signed in has nothing to lose",
    "account_inactive": "the notice that an account is inactive",
    "account_email_verification_sent": "the notice that a confirmation mail was sent",
    "account_confirm_email": "e-mail confirmation: the unguessable key in the URL is the check",
    "account_reset_password": "password reset request",
    "account_reset_password_done": "the notice that a reset mail was sent",
    "account_reset_password_from_key": "new password: the unguessable key is the check",
    "account_reset_password_from_key_done": "the notice that the password was changed",
    "admin:login": "the back office's sign-in (staff only, throttled by axes)",
    "admin:logout": "sends a visitor who is not signed in to the back office's index, which "
    "asks to sign in",
    # Our EWP node (erasmusdesk/ewp): 404 while EWP is off; on, the manifest is public (the
    # registry reads it) and every API refuses an unsigned request with 401 (HTTP Signatures,
    # tests/ewp/test_node.py), whoever is signed in on the site.
    "ewp:manifest": "the EWP discovery manifest: public by the specification",
    "ewp:echo": "EWP Echo: requests are authenticated by HTTP Signatures, not the session",
    "ewp:institutions": "EWP Institutions: HTTP Signatures, not the session",
    "ewp:factsheet": "EWP Factsheet: HTTP Signatures, not the session",
    "ewp:ounits": "EWP Organizational Units: HTTP Signatures, not the session",
    "ewp:iias_index": "EWP IIAs: HTTP Signatures; served to the agreement's partner only",
    "ewp:iias_get": "EWP IIAs: HTTP Signatures; served to the agreement's partner only",
    "ewp:iia_cnr": "EWP IIA CNR: HTTP Signatures, not the session",
    "ewp:file": "EWP File: HTTP Signatures; a signed PDF to the agreement's partner only",
    "ewp:iia_approval_cnr": "EWP IIA Approval CNR: HTTP Signatures, not the session",
    "ewp:omobilities_index": "EWP Outgoing Mobilities: HTTP Signatures; to the receiving HEI only",
    "ewp:omobilities_get": "EWP Outgoing Mobilities: HTTP Signatures; to the receiving HEI only",
    "ewp:omobilities_update": "EWP OMobilities update: HTTP Signatures; the receiving HEI only",
    "ewp:imobilities_get": "EWP Incoming Mobilities: HTTP Signatures; to the sending HEI only",
    "ewp:iias_approval": "EWP IIA Approval: HTTP Signatures; answers the caller's own ids only",
    "ewp:las_index": "EWP Outgoing Mobility LAs: HTTP Signatures; to the receiving HEI only",
    "ewp:las_get": "EWP Outgoing Mobility LAs: HTTP Signatures; to the receiving HEI only",
    "ewp:las_update": "EWP LAs update: HTTP Signatures; the receiving HEI only",
    "ewp:tors_index": "EWP Incoming Mobility ToRs: HTTP Signatures; to the sending HEI only",
    "ewp:tors_get": "EWP Incoming Mobility ToRs: HTTP Signatures; to the sending HEI only",
    "ewp:omobility_cnr": "EWP Outgoing Mobility CNR: HTTP Signatures, not the session",
    "ewp:omobility_la_cnr": "EWP Outgoing Mobility LA CNR: HTTP Signatures, not the session",
    "ewp:imobility_tor_cnr": "EWP Incoming Mobility ToRs CNR: HTTP Signatures, not the session",
    "ewp:las_stats": "EWP LAs stats: HTTP Signatures; counts only, no personal data",
    # The JSON API's own pages; its operations are in PUBLIC_API.
    "api:openapi-json": "the API's OpenAPI document (public, read-only API: api.py)",
    "api:openapi-view": "the API's docs page",
    "api:api-root": "the API's root: a JSON 404 naming the docs",
    "api/v1/^.*$": "the API's catch-all: a JSON 404 for any address that names no operation",
}
# The JSON API is public and read-only (api.py): every visitor gets the same answer.
PUBLIC_API = {
    ("get", "/api/v1/calls"): "public calls",
    ("get", "/api/v1/calls/{slug}"): "public call",
    ("get", "/api/v1/institutions"): "public institutions (no personal data)",
    ("get", "/api/v1/institutions/{institution_id}"): "public institution",
    ("get", "/api/v1/agreements"): "public inter-institutional agreements",
    ("get", "/api/v1/agreements/{agreement_id}"): "public agreement",
    ("get", "/api/v1/cities"): "public gazetteer search",
    ("get", "/api/v1/distance"): "public distance calculator",
    ("get", "/api/v1/grants/estimate"): "public grant estimate",
    ("get", "/api/v1/advisor"): "public advisor (stores nothing)",
    ("get", "/api/v1/erasmus-mundus/scholarship"): "public scholarship estimate",
    ("post", "/api/v1/jean-monnet/check"): "public Jean Monnet rule check (stores nothing)",
}
REFUSED = {401, 403, 404}
SIGN_IN_PAGES = ("/en/account/login/", "/en/admin/login/")


@dataclass
class Route:
    key: str  # "namespace:name", or the route's text when it has no name
    path: str  # the route with its arguments filled in
    kwargs: tuple[str, ...]  # argument names without a sample value
    named: bool


def _fill(pattern, samples: dict[str, str], missing: list[str]) -> str:
    """One piece of a URL, its arguments replaced by sample values (``missing`` collects the
    names that have none)."""
    if hasattr(pattern, "language_prefix"):  # LocalePrefixPattern: the active language's
        return pattern.language_prefix
    if isinstance(pattern, RegexPattern):
        template, params = normalize(str(pattern))[0]
        missing.extend(name for name in params if name not in samples)
        return template % {name: samples.get(name, "missing") for name in params}
    assert isinstance(pattern, RoutePattern), pattern

    def fill(match: re.Match) -> str:
        if match.group("name") not in samples:
            missing.append(match.group("name"))
        return samples.get(match.group("name"), "missing")

    return re.sub(r"<(?:[^>:]+:)?(?P<name>\w+)>", fill, str(pattern))


def _walk(patterns, samples, prefix="", namespace="", text=""):
    """(Route, route text) for every URL pattern under ``patterns``; ``samples`` maps a
    namespace to its argument values ("" for the rest)."""
    values = samples.get(namespace.split(":")[0], samples[""])
    for entry in patterns:
        missing: list[str] = []
        piece = _fill(entry.pattern, values, missing)
        if isinstance(entry, URLResolver):
            inner = ":".join(filter(None, [namespace, entry.namespace or ""]))
            assert not missing, f"no sample for {missing} in {text}{entry.pattern}"
            yield from _walk(
                entry.url_patterns, samples, prefix + piece, inner, text + str(entry.pattern)
            )
        elif isinstance(entry, URLPattern):
            route = text + str(entry.pattern)
            values = samples.get(namespace.split(":")[0], samples[""])
            if entry.name:
                key = f"{namespace}:{entry.name}" if namespace else entry.name
            else:
                key = route
            yield Route(key, "/" + prefix + piece, tuple(missing), bool(entry.name)), route


@pytest.fixture
def world(db, people):
    """Real objects for every URL argument: applicant A's submitted application with its
    documents, its call, a grant agreement with its first partner, an import job."""
    builders.applicant_profile(people["owner"])
    application = builders.application(
        people["owner"], builders.call_with_places(), state="submitted"
    )
    document = application.documents.order_by("pk").first()
    home = factories.partner("Atyrau University", country="KZ", city="Atyrau")
    Institution.objects.filter(pk=home.pk).update(
        is_home=True, latitude=Decimal("47.094495"), longitude=Decimal("51.923771")
    )
    requirement = application.call.required_documents.first()
    grant = grant_services.issue_grant_agreement(
        participant_name="Asel Kurmangazykyzy",
        participant_language="en",
        host_institution=Institution.objects.get(erasmus_code="PL WARSZAW01"),
        activity="study",
        call_year=2022,
        start=date(2022, 9, 1),
        end=date(2023, 1, 31),
        prefinancing_percent=80,
        by=people["coordinator"],
    )
    job = AgreementImport.objects.create(
        file=ContentFile(b"x", name="agreements.csv"),
        original_name="agreements.csv",
        started_by=people["coordinator"],
    )
    ewp_pk = ewp_samples()
    proposal = jean_monnet_builders.proposal(people["owner"], state="in_review", documents=("cvs",))
    joint_master = mundus_builders.programme()
    capacity_project = cbhe_builders.project()
    mundus_application = mundus_builders.application(people["owner"], joint_master)
    superuser = get_user_model().objects.create_superuser(
        "root", email="root@example.org", password="a-long-test-password-42"
    )
    mobility = mobility_services.create_mobility(
        mobility_services.NewMobility(
            given_names="Asel",
            family_name="Kurmangazykyzy",
            email=people["owner"].email,
            participant=people["owner"],
            sending_hei=Institution.objects.get(pk=home.pk),
            receiving_hei=Institution.objects.get(erasmus_code="PL WARSZAW01"),
            activity_type="student-studies",
            planned_arrival_date=date(2026, 9, 1),
            planned_departure_date=date(2027, 1, 31),
            isced_f_code="0311",
        ),
        by=people["coordinator"],
    )
    samples = _samples(
        application,
        document,
        requirement,
        grant,
        job,
        proposal,
        mundus={"programme": joint_master, "application": mundus_application},
        cbhe=capacity_project,
        ewp_pk=ewp_pk,
    )
    for values in samples.values():
        values["omobility_id"] = str(mobility.omobility_id)
    return {
        "application": application,
        "samples": samples,
        "superuser": superuser,
    }


def _samples(
    application, document, requirement, grant, job, proposal, mundus, cbhe, ewp_pk
) -> dict[str, dict[str, str]]:
    """Sample values per argument name; ``pk`` depends on the namespace."""
    common = {
        "slug": application.call.slug,
        "reference": application.reference,
        "document_id": str(document.pk),
        "type_id": str(requirement.document_type_id),
        "user_id": str(application.applicant_id),
        "appeal_id": "1",
        # The back office: any value (it sends a visitor to sign in before any lookup).
        "app_label": "applications",
        "object_id": "1",
        "id": "1",
        "content_type_id": "1",
        "url": "anything/",
        # allauth's keyed pages and the public partner page are public (PUBLIC).
        "key": "key",
        "uidb36": "1",
        "application_id": str(mundus["application"].pk),
        "token": "token",
        "component_id": "1",
        "kind": "xlsx",
        "certificate_id": "1",
    }
    return {
        "": {**common, "pk": "1"},  # the public partner page
        "grants_office": {**common, "pk": str(grant.pk)},
        "institutions_office": {**common, "pk": str(job.pk)},
        "jeanmonnet": {
            **common,
            "pk": str(proposal.pk),
            "document_id": str(proposal.files.get().pk),
        },
        "cbhe_office": {
            **common,
            "pk": str(cbhe.pk),
            "report_id": str(cbhe.reporting_dates.get().pk),
        },
        "mundus": {**common, "pk": str(mundus["programme"].pk)},
        "mundus_office": {**common, "pk": str(mundus["application"].pk)},
        "jeanmonnet_office": {
            **common,
            "pk": str(proposal.pk),
            "step": "comment",
            "document_id": str(proposal.files.get().pk),
        },
        # One exchange, one partner's agreement and one notification share this number.
        "ewp_office": {**common, "pk": str(ewp_pk)},
    }


def _routes(world) -> list[Route]:
    """Every route with its arguments filled, each checked to resolve to its own pattern."""
    with translation.override("en"):
        walked = list(_walk(get_resolver().url_patterns, world["samples"]))
    for route, _text in walked:
        if route.kwargs or not route.named:
            continue  # no sample, or a pattern without a name (a catch-all)
        match = resolve(route.path)
        assert match.view_name == route.key, (route.path, match.view_name, route.key)
    return [route for route, _text in walked]


def _request(client: Client, method: str, path: str):
    """One request in a savepoint rolled back afterwards."""
    with transaction.atomic():
        response = getattr(client, method)(path)
        transaction.set_rollback(True)
    if getattr(response, "streaming", False):
        # Read to the end: the test client then closes the response without letting
        # ``request_finished`` close the database connection of the test's transaction.
        b"".join(response.streaming_content)
    return response


def _refuses(response) -> bool:
    if response.status_code in REFUSED:
        return True
    if response.status_code in (301, 302):
        return response["Location"].startswith(SIGN_IN_PAGES)
    return False


def _anonymous(client: Client, path: str) -> tuple[str, object]:
    response = _request(client, "get", path)
    if response.status_code == 405:
        return "post", _request(client, "post", path)
    return "get", response


def _real(world, method: str, path: str) -> bool:
    """Someone entitled gets something other than 404 at ``path``: the URL names a real
    object, so the anonymous visitor's 404 was a refusal."""
    for user in (world["superuser"], world["application"].applicant):
        client = Client()
        client.force_login(user)
        if _request(client, method, path).status_code != 404:
            return True
    return False


def test_every_url_pattern_is_public_or_refuses_anonymous_visitors(world):
    routes = _routes(world)
    keys = {route.key for route in routes}
    problems = []

    for route in routes:
        if route.key.startswith("api:") and route.key not in PUBLIC:
            continue  # the API's operations: checked through the OpenAPI document below
        if route.key in PUBLIC:
            continue
        if route.kwargs:
            problems.append(f"{route.key}: no sample value for {route.kwargs} (see _samples)")
            continue
        method, response = _anonymous(Client(), route.path)
        if not _refuses(response):
            problems.append(
                f"{route.key} ({method.upper()} {route.path}): {response.status_code} "
                f"{response.get('Location', '')} to an anonymous visitor; check access or "
                "list it in PUBLIC with a reason"
            )
        elif response.status_code == 404 and not _real(world, method, route.path):
            problems.append(
                f"{route.key} ({route.path}): 404 for everyone, so the test cannot tell a "
                "refusal from a missing object; give it a real sample in _samples"
            )

    assert not problems, "\n".join(problems)
    # The allow-list names only patterns that exist (no stale reasons).
    assert sorted(set(PUBLIC) - keys) == []
    # Many routes were checked, not a handful: the admin alone has over a hundred.
    assert len(routes) > 150


def test_every_api_operation_is_public_or_refuses_anonymous_visitors(world, client):
    """Each method of each path of the OpenAPI document is in PUBLIC_API or answers an
    anonymous visitor 401 or 403 (the API's authentication runs before any lookup, so a 404
    is not accepted here); and no ninja operation is left out of the document."""
    document = client.get("/api/v1/openapi.json").json()
    operations = {
        (method, path)
        for path, item in document["paths"].items()
        for method in item
        if method in {"get", "post", "put", "patch", "delete"}
    }
    values = {"slug": world["application"].call.slug, "institution_id": "1", "agreement_id": "1"}
    problems = []

    for method, path in sorted(operations - set(PUBLIC_API)):
        url = re.sub(r"\{(\w+)\}", lambda match: values.get(match.group(1), "1"), path)
        response = _request(Client(), method, url)
        if response.status_code not in {401, 403}:
            problems.append(
                f"{method.upper()} {path}: {response.status_code} to an anonymous visitor; "
                "check access or list it in PUBLIC_API with a reason"
            )

    assert not problems, "\n".join(problems)
    assert sorted(set(PUBLIC_API) - operations) == []
    # Every ninja operation of the URL map is in the document (none hidden from the check).
    with translation.override("en"):
        api_routes = [
            text
            for _route, text in _walk(get_resolver().url_patterns, world["samples"])
            if text.startswith("api/v1/")
        ]
    documented = {re.sub(r"\{(\w+)\}", r"<\1>", path).lstrip("/") for _m, path in operations}
    undocumented = {
        text for text in api_routes if text not in documented and text in _ninja_routes()
    }
    assert undocumented == set()


def _ninja_routes() -> set[str]:
    """The URL routes of ninja's operations (not the document, docs, root or catch-all)."""
    from erasmusdesk.api import api

    patterns, _app, _namespace = api.urls
    named = {"openapi-json", "openapi-view", "api-root", None}
    return {f"api/v1/{pattern.pattern}" for pattern in patterns if pattern.name not in named}


# Who, besides the superuser, may open the object URLs of each namespace in the data set of
# ``world`` (applicant A owns the application; the coordinator is the office's staff).
OBJECT_ROLES = {
    "applications": {"owner"},
    "selection": {"owner"},  # the owner's result; no application is assigned to score here
    "applications_office": {"coordinator"},
    "grants_office": {"coordinator"},
    "grants_budget": {"coordinator"},
    "selection_office": {"coordinator"},
    "institutions_office": {"coordinator"},
    "accounts_office": {"coordinator"},
    "mobility": {"owner"},  # the owner's mobility (the data set's participant)
    "mobility_office": {"coordinator"},
    "jeanmonnet": {"owner"},  # the owner's proposal
    "mundus": {"owner"},  # the owner's Erasmus Mundus application
    "jeanmonnet_office": {"coordinator"},
    "mundus_office": {"coordinator"},
    "cbhe_office": {"coordinator"},
    "ewp_office": {"coordinator"},
    "admin": {"coordinator"},
}
# Object URLs every signed-in person may open, with the reason.
EVERY_ROLE = {"applications:start": "anyone signed in may apply to an open call (its slug)"}
ROLES = ["owner", "other_applicant", "evaluator", "coordinator", "partner_contact"]


def _object_routes(world) -> list[Route]:
    """The routes whose pattern takes an argument (an object's slug, reference or id), but
    for the public ones and the API's (checked through its document)."""
    _routes(world)  # each resolves to its own pattern
    with translation.override("en"):
        walked = list(_walk(get_resolver().url_patterns, world["samples"]))
    return [
        route
        for route, text in walked
        if "<" in text
        and route.key not in PUBLIC
        and not route.key.startswith("api:")
        and not route.kwargs
    ]


def test_every_object_url_refuses_the_signed_in_roles_it_is_not_for(world, people):
    """Each URL that names an object is tried by a signed-in user of every role: those not
    entitled to it are refused like the anonymous visitor (sign-in page, 401, 403 or 404),
    and every answer to a signed-in request says ``Cache-Control: private, no-store`` (no
    cache, the browser's included, keeps it)."""
    routes = _object_routes(world)
    problems = []
    for role in ROLES:
        client = Client()
        client.force_login(people[role])
        for route in routes:
            method, response = _anonymous(client, route.path)
            control = response.get("Cache-Control", "")
            if "private" not in control or "no-store" not in control:
                problems.append(f"{route.key} to {role}: Cache-Control {control!r}")
            namespace = "admin" if route.key.startswith("en/admin/") else route.key.split(":")[0]
            if role in OBJECT_ROLES.get(namespace, set()) or route.key in EVERY_ROLE:
                continue
            if not _refuses(response):
                problems.append(
                    f"{route.key} ({method.upper()} {route.path}): {response.status_code} "
                    f"{response.get('Location', '')} to {role}"
                )
    assert not problems, "\n".join(problems)
    assert len(routes) > 50
