"""Builders of mobilities for tests: the home institution, a selected application's
mobility (created through the service, as a publication creates it), a host contact, and a
mobility moved to any stage through the one stage service."""

from datetime import timedelta
from decimal import Decimal

from erasmusdesk.accounts.models import ApplicantProfile
from erasmusdesk.core import clock
from erasmusdesk.institutions.models import Institution
from erasmusdesk.mobility import services
from erasmusdesk.mobility.models import Mobility
from erasmusdesk.mobility.states import STAGES, MobilityState, Party
from tests import factories
from tests.factories import applications as application_builders


def _results():
    from erasmusdesk.mobility.records import ResultLine

    return [
        ResultLine("ECO101", "Microeconomics", Decimal(6), "4.5", True),
        ResultLine("ECO202", "Econometrics", Decimal(8), "4", True),
        ResultLine("ECO303", "Public finance", Decimal(8), "5", True),
        ResultLine("ECO404", "Polish for foreigners", Decimal(8), "3.5", True),
    ]


# The office's path from nominated to each later stage.
PATH = list(STAGES)


def home() -> Institution:
    """The home university (Atyrau), created once."""
    found = Institution.objects.filter(is_home=True).first()
    if found:
        return found
    institution = factories.partner("Atyrau University", country="KZ", city="Atyrau")
    Institution.objects.filter(pk=institution.pk).update(
        is_home=True, latitude=Decimal("47.094495"), longitude=Decimal("51.923771")
    )
    institution.refresh_from_db()
    return institution


def selected_mobility(user, *, call=None, place_index: int = 0, **fields) -> Mobility:
    """``user``'s application to ``call`` (a new call with two partners' places when none is
    given), selected for one of its places, and the mobility the selection creates for it."""
    home()
    if call is None:
        call = application_builders.call_with_places()
    if not ApplicantProfile.objects.filter(user=user).exists():
        ApplicantProfile.objects.create(
            user=user, given_names="Asel", family_name="Kurmangazykyzy", category="bachelor"
        )
    application = application_builders.application(user, call, state="selected", **fields)
    place = application_builders.places(call)[place_index]
    application = (
        type(application)
        .objects.select_related("applicant__profile", "call")
        .get(pk=application.pk)
    )
    place = type(place).objects.select_related("agreement__partner").get(pk=place.pk)
    (mobility,) = services.create_for_selected([(application, place)], by=None)
    return mobility


def host_contact(user, institution: Institution, **fields):
    """``user`` made the contact of ``institution`` (with the partner contacts' role)."""
    return services.set_host_contact(user, institution, by=None, **fields)


def contact_on_file(institution: Institution, email: str = "incoming@partner.example", **fields):
    """A contact of the institution without an account (who gets the signed link)."""
    return factories.contact(institution, email=email, **fields)


def moved_to(mobility: Mobility, state: str, *, by=None) -> Mobility:
    """``mobility`` moved along the office's path up to ``state`` through the service."""
    target = MobilityState(state)
    mobility = Mobility.objects.get(pk=mobility.pk)
    if target == MobilityState.REJECTED:
        return services.answer_nomination(mobility, accept=False, comment="Full", by=by)
    if target == MobilityState.CANCELLED:
        return services.cancel_mobility(mobility, by=by, reason="Test cancellation")
    from erasmusdesk.mobility import records

    for stage in PATH[PATH.index(MobilityState(mobility.state)) + 1 : PATH.index(target) + 1]:
        if stage == MobilityState.ARRIVED:
            mobility = services.confirm_arrival(
                mobility, on=clock.localdate() - timedelta(days=20), by=by, party=Party.HOST
            )
        elif stage == MobilityState.DEPARTED:
            mobility = services.confirm_departure(
                mobility, on=clock.localdate(), by=by, party=Party.HOST
            )
        elif stage == MobilityState.TRANSCRIPT_RECEIVED:
            records.enter_transcript(
                mobility,
                issue_date=clock.localdate(),
                grading_scheme="2-5",
                results=_results(),
                by=by,
                party=Party.HOST,
            )
        elif stage == MobilityState.RECOGNISED:
            records.recognise(mobility, decision="full", items=_items(mobility), by=by)
        else:
            mobility = services.move_stage(mobility, stage, by=by, party=Party.OFFICE)
        mobility = Mobility.objects.get(pk=mobility.pk)
    return mobility


def _items(mobility):
    """Each Table B component recognised from every passed result, graded by hand where no
    table converts the grades."""
    from erasmusdesk.mobility import learning, records

    agreement = learning.approved(mobility)
    if agreement is None:
        return []
    results = list(mobility.transcript.results.filter(passed=True))
    return [
        records.Item(
            component,
            results,
            component.credits,
            manual_grade="B",
            manual_reason="No grading table",
        )
        for component in agreement.components.filter(table="B")
    ]


def learning_agreement(mobility: Mobility, *, by=None, components=None):
    """A first version drafted with Table A and B components (by default 30 ECTS at the
    host in the autumn term, recognised as 30 at home)."""
    from erasmusdesk.mobility import learning

    if mobility.state == MobilityState.NOMINATED:
        mobility = services.answer_nomination(mobility, accept=True, by=by)
    agreement = learning.start_learning_agreement(mobility, by=by)
    for table, code, title, credits in components or [
        ("A", "ECO101", "Microeconomics", "6"),
        ("A", "ECO202", "Econometrics", "8"),
        ("A", "ECO303", "Public finance", "8"),
        ("A", "ECO404", "Polish for foreigners", "8"),
        ("B", "E-310", "Economic theory", "30"),
    ]:
        learning.add_component(
            agreement,
            table=table,
            los_code=code,
            title=title,
            term_id="2026/2027 autumn",
            credits=Decimal(credits),
            by=by,
        )
    return agreement


def approved_agreement(mobility: Mobility, *, by=None):
    """The first version signed by the participant and approved by both institutions."""
    from erasmusdesk.mobility import learning

    agreement = learning_agreement(mobility, by=by)
    learning.submit(agreement, by=by, digest=learning.content_digest(agreement))
    for party in ("sending", "receiving"):
        learning.sign(
            agreement,
            party=party,
            approve=True,
            signer_name=f"{party.title()} Coordinator",
            signer_email=f"{party}@example.org",
            by=by,
            digest=learning.content_digest(agreement),
        )
    agreement.refresh_from_db()
    return agreement


def user_for_mobility(index: int):
    """A new applicant account (for lists of many mobilities)."""
    from tests.factories.selection import user

    return user(f"mobile{index:04d}", group="applicants")
