"""Jean Monnet proposals: drafting, the rule checks, the office's review and sign-off.

Every write goes through these functions (views, forms and the back office call them), each
inside a transaction with one audit entry (action names below). The rules come from the
office's ``ActionRule`` rows (sourced defaults in defaults.py), checked by eligibility.py.
"""

from dataclasses import dataclass
from decimal import Decimal

from django.db import transaction
from django.utils.translation import gettext as _

from erasmusdesk.applications.uploads import check_upload, document_storage, store
from erasmusdesk.core import audit, clock
from erasmusdesk.core.errors import DomainError
from erasmusdesk.jeanmonnet import eligibility
from erasmusdesk.jeanmonnet.explain import Explained, explain
from erasmusdesk.jeanmonnet.models import (
    EDITABLE_STATES,
    ActionRule,
    Deliverable,
    Proposal,
    ProposalComment,
    ProposalDocument,
    ProposalPartner,
    ProposalState,
    TeachingLine,
    TeamMember,
)
from erasmusdesk.jeanmonnet.rules import (
    Action,
    ActionRules,
    HolderPosition,
    Partner,
    ProposalFacts,
    rules_for,
)

PROPOSAL_CREATED = "erasmusdesk.jeanmonnet.proposal.created"
PROPOSAL_SAVED = "erasmusdesk.jeanmonnet.proposal.saved"
PROPOSAL_SUBMITTED = "erasmusdesk.jeanmonnet.proposal.submitted_for_review"
PROPOSAL_COMMENTED = "erasmusdesk.jeanmonnet.proposal.commented"
PROPOSAL_RETURNED = "erasmusdesk.jeanmonnet.proposal.returned"
PROPOSAL_SIGNED_OFF = "erasmusdesk.jeanmonnet.proposal.signed_off"
PROPOSAL_OUTCOME = "erasmusdesk.jeanmonnet.proposal.outcome_recorded"
DOCUMENT_ATTACHED = "erasmusdesk.jeanmonnet.document.attached"
DOCUMENT_REMOVED = "erasmusdesk.jeanmonnet.document.removed"
DOCUMENT_VIEWED = "erasmusdesk.jeanmonnet.document.viewed"
DELIVERABLE_ADDED = "erasmusdesk.jeanmonnet.deliverable.added"
RULE_SAVED = "erasmusdesk.jeanmonnet.action_rule.saved"


@dataclass(frozen=True)
class Draft:
    """What the teacher's form holds, already parsed (forms.py)."""

    title: str
    action: str
    call_year: int
    holder_position: str
    duration_months: int | None
    requested_eur: Decimal | None
    work_plan: str = ""
    commission_deadline: object = None
    internal_days_before: int = 14
    documents_ready: tuple[str, ...] = ()
    team: tuple[tuple[str, str], ...] = ()  # (name, role)
    teaching: tuple[tuple[int, str, int], ...] = ()  # (academic year, course, hours)
    partners: tuple[tuple[str, str], ...] = ()  # (name, country)


def rule_table() -> list[ActionRules]:
    """Every rule row of the office, as pure values."""
    return [row.to_rules() for row in ActionRule.objects.all()]


def rules_of(action: str, call_year: int) -> ActionRules | None:
    return rules_for(rule_table(), Action(action), call_year)


def check_facts(facts: ProposalFacts) -> tuple[ActionRules | None, list[Explained]]:
    """The rules of the facts' action and call year and every problem, explained."""
    rules = rules_for(rule_table(), facts.action, facts.call_year)
    return rules, explain(eligibility.check_proposal(facts, rules))


def facts_of(proposal: Proposal) -> ProposalFacts:
    """A saved proposal as the rules read it; "one per institution" counts the other
    proposals of the same action and call that reached the office."""
    others = (
        Proposal.objects.filter(action=proposal.action, call_year=proposal.call_year)
        .exclude(pk=proposal.pk)
        .exclude(state__in=[ProposalState.DRAFT, ProposalState.RETURNED])
        .count()
    )
    return ProposalFacts(
        action=Action(proposal.action),
        call_year=proposal.call_year,
        hours_per_year=proposal.hours_per_year(),
        duration_months=proposal.duration_months,
        requested_eur=proposal.requested_eur,
        partners=tuple(Partner(p.name, p.country) for p in proposal.partners.all()),
        holder_position=HolderPosition(proposal.holder_position),
        documents_ready=frozenset(proposal.documents_ready)
        | frozenset(proposal.files.values_list("code", flat=True)),
        other_proposals_of_institution=others,
    )


def check_saved_proposal(proposal: Proposal) -> tuple[ActionRules | None, list[Explained]]:
    return check_facts(facts_of(proposal))


def _write(proposal: Proposal, draft: Draft) -> None:
    for name in (
        "title",
        "action",
        "call_year",
        "holder_position",
        "duration_months",
        "requested_eur",
        "work_plan",
        "commission_deadline",
        "internal_days_before",
    ):
        setattr(proposal, name, getattr(draft, name))
    proposal.documents_ready = list(draft.documents_ready)
    proposal.save()
    proposal.team.all().delete()
    proposal.teaching.all().delete()
    proposal.partners.all().delete()
    TeamMember.objects.bulk_create(
        TeamMember(proposal=proposal, name=name, role=role, position=index)
        for index, (name, role) in enumerate(draft.team)
    )
    TeachingLine.objects.bulk_create(
        TeachingLine(proposal=proposal, academic_year=year, course=course, hours=hours)
        for year, course, hours in draft.teaching
    )
    ProposalPartner.objects.bulk_create(
        ProposalPartner(proposal=proposal, name=name, country=country.upper())
        for name, country in draft.partners
    )


@transaction.atomic
def create_proposal(draft: Draft, *, by) -> Proposal:
    """Start a proposal owned by ``by`` from the teacher's first draft (rules are checked on
    screen, not enforced, while it is a draft)."""
    proposal = Proposal(owner=by)
    _write(proposal, draft)
    audit.record(PROPOSAL_CREATED, proposal, by=by, jean_monnet_action=proposal.action)
    return proposal


@transaction.atomic
def save_proposal(proposal: Proposal, draft: Draft, *, by) -> Proposal:
    """Save the teacher's changes; only a draft or a returned proposal can change."""
    proposal = Proposal.objects.select_for_update().get(pk=proposal.pk)
    if proposal.state not in EDITABLE_STATES:
        raise DomainError(_("The proposal is with the office and cannot be changed now."))
    _write(proposal, draft)
    audit.record(PROPOSAL_SAVED, proposal, by=by)
    return proposal


def _move(proposal: Proposal, allowed, target: ProposalState, action: str, *, by, **data):
    proposal = Proposal.objects.select_for_update().get(pk=proposal.pk)
    if proposal.state not in allowed:
        raise DomainError(
            _("A proposal that is %(state)s cannot become %(target)s.")
            % {"state": proposal.get_state_display(), "target": target.label}
        )
    previous = proposal.state
    proposal.state = target
    proposal.save(update_fields=["state", "updated"])
    audit.record(action, proposal, by=by, previous=previous, state=str(target), **data)
    return proposal


@transaction.atomic
def submit_for_review(proposal: Proposal, *, by) -> Proposal:
    """The teacher hands the proposal to the office; refused while any rule is broken (the
    first problem names its field)."""
    _rules, problems = check_saved_proposal(proposal)
    if problems:
        first = problems[0]
        raise DomainError(
            _("The proposal still breaks %(count)s rule(s); first: %(field)s: %(detail)s")
            % {"count": len(problems), "field": first.field_label, "detail": first.detail},
            field=first.field,
        )
    return _move(proposal, EDITABLE_STATES, ProposalState.IN_REVIEW, PROPOSAL_SUBMITTED, by=by)


@transaction.atomic
def comment_on_proposal(proposal: Proposal, text: str, *, by) -> ProposalComment:
    """A comment of the office or of the teacher on the proposal."""
    text = text.strip()
    if not text:
        raise DomainError(_("Write the comment first."), field="text")
    comment = ProposalComment.objects.create(proposal=proposal, author=by, text=text)
    audit.record(PROPOSAL_COMMENTED, proposal, by=by, comment=comment.pk)
    return comment


@transaction.atomic
def return_proposal(proposal: Proposal, reason: str, *, by) -> Proposal:
    """The office sends the proposal back to the teacher with its reason (kept as a
    comment)."""
    if not reason.strip():
        raise DomainError(_("Say why the proposal goes back to the teacher."), field="text")
    ProposalComment.objects.create(proposal=proposal, author=by, text=reason.strip())
    return _move(
        proposal, [ProposalState.IN_REVIEW], ProposalState.RETURNED, PROPOSAL_RETURNED, by=by
    )


@transaction.atomic
def sign_off_proposal(proposal: Proposal, *, by) -> Proposal:
    """The office signs the proposal off for the legal representative: only one under review
    that still meets every rule of its call (rows may have been edited meanwhile)."""
    _rules, problems = check_saved_proposal(proposal)
    if problems:
        raise DomainError(
            _("The proposal breaks %(count)s rule(s) and cannot be signed off.")
            % {"count": len(problems)}
        )
    return _move(
        proposal, [ProposalState.IN_REVIEW], ProposalState.SIGNED_OFF, PROPOSAL_SIGNED_OFF, by=by
    )


@transaction.atomic
def record_outcome(proposal: Proposal, *, awarded: bool, by) -> Proposal:
    """The Commission's decision on a signed-off proposal."""
    target = ProposalState.AWARDED if awarded else ProposalState.NOT_AWARDED
    return _move(proposal, [ProposalState.SIGNED_OFF], target, PROPOSAL_OUTCOME, by=by)


@transaction.atomic
def add_deliverable(proposal: Proposal, *, title: str, due, by) -> Deliverable:
    """A report or deliverable of an awarded project, with its due date (reminded by the
    office's list of what is due)."""
    if proposal.state != ProposalState.AWARDED:
        raise DomainError(_("Deliverables belong to awarded projects."))
    if not title.strip():
        raise DomainError(_("Name the deliverable."), field="title")
    deliverable = Deliverable.objects.create(proposal=proposal, title=title.strip(), due=due)
    audit.record(DELIVERABLE_ADDED, proposal, by=by, deliverable=deliverable.pk)
    return deliverable


@transaction.atomic
def save_action_rule(rule: ActionRule, *, by) -> ActionRule:
    """The office's edit of a rule row (the back office calls it)."""
    rule.full_clean()
    rule.save()
    audit.record(RULE_SAVED, rule, by=by)
    return rule


# --- the documents attached to a proposal -------------------------------------------------

DOCUMENT_KINDS = ("pdf", "jpg", "png")
DOCUMENT_MAX_BYTES = 10 * 1024 * 1024
DOCUMENT_FOLDER = "jean-monnet"


def document_codes(proposal: Proposal) -> list[str]:
    """The documents the proposal's call needs (its action rule's ``documents``), then any
    other code a file was attached under (a rule edited since)."""
    rules = rules_of(proposal.action, proposal.call_year)
    codes = list(rules.documents) if rules else []
    for code in proposal.files.values_list("code", flat=True):
        if code not in codes:
            codes.append(code)
    return codes


def _delete_later(name: str) -> None:
    transaction.on_commit(lambda: document_storage().delete(name))


def attach_document(proposal: Proposal, code: str, uploaded, *, by) -> ProposalDocument:
    """Check ``uploaded`` (PDF, JPEG or PNG read to the end, at most 10 MB: the rules of the
    applicants' documents, applications/uploads.py), store it under a random name and attach
    it to the proposal as the document ``code`` its call needs. One audit entry with the
    file's SHA-256.

    Refused (DomainError on ``file``) when the proposal is with the office, when the call
    does not ask for ``code``, or when the file breaks a rule; nothing is then stored or
    recorded (a stored file is deleted again if the recording fails).
    """
    if code not in document_codes(proposal):
        raise DomainError(
            _("The call of this proposal does not ask for this document."), field="code"
        )
    checked = check_upload(uploaded, allowed=DOCUMENT_KINDS, max_bytes=DOCUMENT_MAX_BYTES)
    stored = store(checked, uploaded, folder=DOCUMENT_FOLDER)
    try:
        with transaction.atomic():
            locked = Proposal.objects.select_for_update().get(pk=proposal.pk)
            if locked.state not in EDITABLE_STATES:
                raise DomainError(
                    _("The proposal is with the office and cannot be changed now."), field="file"
                )
            document = ProposalDocument.objects.create(
                proposal=locked,
                code=code,
                file=stored,
                display_name=checked.display_name,
                kind=checked.kind,
                content_type=checked.content_type,
                size=checked.size,
                sha256=checked.sha256,
                uploaded_by=by,
                uploaded_at=clock.now(),
            )
            audit.record(
                DOCUMENT_ATTACHED,
                locked,
                by=by,
                document=document.pk,
                code=code,
                sha256=checked.sha256,
                size=checked.size,
            )
    except BaseException:
        document_storage().delete(stored)
        raise
    return document


@transaction.atomic
def remove_document(document: ProposalDocument, *, by) -> None:
    """Remove a file from a proposal the teacher may still change; the stored file is
    deleted after the commit. Removing a file already gone is done (no error)."""
    proposal = Proposal.objects.select_for_update().get(pk=document.proposal_id)
    if proposal.state not in EDITABLE_STATES:
        raise DomainError(_("The proposal is with the office and cannot be changed now."))
    document = ProposalDocument.objects.filter(pk=document.pk, proposal=proposal).first()
    if document is None:
        return
    document.delete()
    _delete_later(document.file.name)
    audit.record(DOCUMENT_REMOVED, proposal, by=by, code=document.code, sha256=document.sha256)


def record_document_viewed(document: ProposalDocument, *, by) -> None:
    """The office's reading of a teacher's file leaves an audit entry (who, which file), as
    staff access to applicants' documents does (core/document_access.py)."""
    audit.record(
        DOCUMENT_VIEWED, document.proposal, by=by, document=document.pk, code=document.code
    )
