"""Incoming Mobility ToRs v3 (``ewp-specs-api-imobility-tors`` v3.0.0) with ELMO 2.1.1,
mapped from the mobility app's transcripts.

The receiving HEI issues the Transcript of Records. Served: the transcripts of the students
partners send us (we are the receiving HEI), each to its sending HEI only, by the sending
HEI's ``omobility_id``; ``index`` lists the mobilities that have one. Pulled: for our
outgoing students, the host's transcript goes into their mobility's transcript through the
mobility app's ``records.enter_transcript`` (as the host's entry), which moves a departed
mobility to "transcript received"; a mobility whose recognition is decided is not changed.

The ELMO mapping: one ``report`` issued by our HEI (``issuer/identifier type="schac"``),
one ``learningOpportunitySpecification`` per result (``identifier type="local"`` is the
component's code, else its position), its ``learningOpportunityInstance`` with ``status``
passed/failed, ``gradingSchemeLocalId`` the transcript's grading scale, ``resultLabel`` the
grade and ``credit`` ECTS; ``issueDate`` the transcript's issue date at midnight UTC. The
host's grade distribution table, where we have one for the field and cycle, is the ToR's
``gradeConversionTable`` (ECTS Users' Guide 2015, 4.3.1).
"""

from __future__ import annotations

import uuid
from collections.abc import Iterable
from datetime import UTC, datetime
from decimal import Decimal, InvalidOperation

from lxml import etree

from erasmusdesk.core import clock
from erasmusdesk.core.errors import DomainError
from erasmusdesk.ewp import client, documents, node
from erasmusdesk.mobility import records
from erasmusdesk.mobility.models import Mobility, Transcript
from erasmusdesk.mobility.states import Party

GH = "https://github.com/erasmus-without-paper/ewp-specs-api-imobility-tors/blob/stable-v3/endpoints/"
INDEX = GH + "index-response.xsd"
GET = GH + "get-response.xsd"
ELMO = "https://github.com/emrex-eu/elmo-schemas/tree/v2"


def _is_uuid(value: str) -> bool:
    try:
        uuid.UUID(value)
    except ValueError:
        return False
    return True


def served(sending_heis: Iterable[str]):
    """The transcripts of our incoming mobilities from these HEIs."""
    return Transcript.objects.filter(
        mobility__receiving_hei__ewp_hei_id=node.hei_id(),
        mobility__sending_hei__ewp_hei_id__in=list(sending_heis),
    ).select_related("mobility__sending_hei", "mobility__receiving_hei", "mobility__participant")


def index(sending_heis: Iterable[str], *, modified_since: datetime | None = None) -> bytes:
    transcripts = served(sending_heis)
    if modified_since is not None:
        transcripts = transcripts.filter(entered_at__gt=modified_since)
    root = etree.Element(f"{{{INDEX}}}imobility-tors-index-response", nsmap={None: INDEX})
    for omobility_id in transcripts.values_list("mobility__omobility_id", flat=True):
        etree.SubElement(root, f"{{{INDEX}}}omobility-id").text = str(omobility_id)
    return documents.serialise(root)


def _e(parent, name: str, text: str | None = None, **attributes):
    element = etree.SubElement(parent, f"{{{ELMO}}}{name}", attributes)
    if text is not None:
        element.text = text
    return element


def _credit(value) -> str:
    return format(Decimal(value).normalize(), "f")


def _elmo(parent, transcript: Transcript) -> None:
    mobility = transcript.mobility
    home = mobility.receiving_hei
    elmo = _e(parent, "elmo")
    _e(elmo, "generatedDate", clock.now().isoformat())
    learner = _e(elmo, "learner")
    _e(learner, "givenNames", mobility.given_names)
    _e(learner, "familyName", mobility.family_name)
    _e(learner, "alternativeName", "")
    if mobility.birth_date:
        _e(learner, "bday", mobility.birth_date.isoformat())
    report = _e(elmo, "report")
    issuer = _e(report, "issuer")
    _e(issuer, "country", str(getattr(home.country, "code", home.country)), type="ISO")
    _e(issuer, "identifier", node.hei_id(), type="schac")
    _e(issuer, "title", home.name)
    _e(issuer, "url", home.website or node.url("manifest"))
    for position, result in enumerate(transcript.results.all(), start=1):
        spec = _e(report, "learningOpportunitySpecification")
        _e(spec, "identifier", result.los_code or str(position), type="local")
        _e(spec, "title", result.title)
        _e(spec, "type", "Course")
        instance = _e(_e(spec, "specifies"), "learningOpportunityInstance")
        _e(instance, "status", "passed" if result.passed else "failed")
        _e(instance, "gradingSchemeLocalId", "local")
        _e(instance, "resultLabel", result.grade)
        credit = _e(instance, "credit")
        _e(credit, "scheme", "ects")
        _e(credit, "value", _credit(result.credits))
    issued = datetime.combine(transcript.issue_date, datetime.min.time(), tzinfo=UTC)
    _e(report, "issueDate", issued.isoformat())
    scheme = _e(report, "gradingScheme", localId="local")
    _e(scheme, "description", transcript.grading_scheme)


def _conversion_table(parent, mobility: Mobility) -> None:
    table = records.table_for(
        mobility.receiving_hei_id, mobility.isced_f_code, mobility.eqf_level_studied_at_departure
    )
    shares = records.shares_of(table)
    if not shares:
        return
    element = etree.SubElement(parent, f"{{{GET}}}gradeConversionTable")
    isced = etree.SubElement(element, f"{{{GET}}}iscedTable", {"iscedCode": mobility.isced_f_code})
    for grade, percentage in shares:
        etree.SubElement(
            isced, f"{{{GET}}}gradeFrequency", {"label": grade, "percentage": str(percentage)}
        )


def get(sending_heis: Iterable[str], omobility_ids: list[str]) -> bytes:
    root = etree.Element(f"{{{GET}}}imobility-tors-get-response", nsmap={None: GET, "emrex": ELMO})
    ids = [i for i in omobility_ids if _is_uuid(i)]
    for transcript in served(sending_heis).filter(mobility__omobility_id__in=ids):
        tor = etree.SubElement(root, f"{{{GET}}}tor")
        etree.SubElement(tor, f"{{{GET}}}omobility-id").text = str(transcript.mobility.omobility_id)
        etree.SubElement(
            tor, f"{{{GET}}}receiving-academic-year-id"
        ).text = transcript.mobility.receiving_academic_year_id
        _elmo(tor, transcript)
        _conversion_table(tor, transcript.mobility)
    return documents.serialise(root)


def _results(report) -> list[records.ResultLine]:
    lines = []
    for spec in report.iter(f"{{{ELMO}}}learningOpportunitySpecification"):
        instance = spec.find(f"{{{ELMO}}}specifies/{{{ELMO}}}learningOpportunityInstance")
        if instance is None:
            continue
        ects = [
            credit.findtext(f"{{{ELMO}}}value")
            for credit in instance.iterfind(f"{{{ELMO}}}credit")
            if (credit.findtext(f"{{{ELMO}}}scheme") or "").strip().lower() == "ects"
        ]
        try:
            credits = Decimal((ects or ["0"])[0] or "0")
        except InvalidOperation:
            credits = Decimal(0)
        identifiers = [
            i.text.strip()
            for i in spec.iterfind(f"{{{ELMO}}}identifier")
            if i.get("type") == "local" and i.text
        ]
        lines.append(
            records.ResultLine(
                los_code=(identifiers or [""])[0][:40],
                title=(spec.findtext(f"{{{ELMO}}}title") or "").strip()[:255],
                credits=credits,
                grade=(instance.findtext(f"{{{ELMO}}}resultLabel") or "").strip()[:20],
                passed=(instance.findtext(f"{{{ELMO}}}status") or "passed").strip() == "passed",
            )
        )
    return lines


def _scheme(report) -> str:
    for scheme in report.iterfind(f"{{{ELMO}}}gradingScheme"):
        text = (scheme.findtext(f"{{{ELMO}}}description") or "").strip()
        if text:
            return text[:80]
        return scheme.get("localId", "")[:80]
    return ""


def pull_transcript(mobility: Mobility) -> Transcript | None:
    """Ask the host's ToRs API for the transcript of our outgoing ``mobility`` and enter it
    into the mobility's transcript (the host's entry). None when the host has none yet.
    Raises ``client.ExchangeError`` (an answer not valid against get-response.xsd, or one the
    mobility's rules refuse)."""
    from erasmusdesk.ewp import schemas

    host = mobility.receiving_hei.ewp_hei_id
    answer = client.call(
        hei_id=host,
        api="imobility-tors",
        url=client.endpoint(host, "imobility-tors", "get-url", 3),
        params=[("receiving_hei_id", host), ("omobility_id", str(mobility.omobility_id))],
    )
    problems = schemas.errors(etree.tostring(answer), *schemas.TORS_GET)
    if problems:
        raise client.ExchangeError(
            f"{host}'s transcript is not valid against get-response.xsd: {problems[0]}"
        )
    for tor in answer.iter(f"{{{GET}}}tor"):
        if tor.findtext(f"{{{GET}}}omobility-id", "").strip() != str(mobility.omobility_id):
            continue
        report = tor.find(f"{{{ELMO}}}elmo/{{{ELMO}}}report")
        issued = datetime.fromisoformat(report.findtext(f"{{{ELMO}}}issueDate").strip())
        try:
            return records.enter_transcript(
                mobility,
                issue_date=issued.date(),
                grading_scheme=_scheme(report) or "?",
                results=_results(report),
                by=None,
                party=Party.HOST,
            )
        except DomainError as refusal:
            raise client.ExchangeError(f"EWP: {host}: {refusal.message}") from None
    return None
