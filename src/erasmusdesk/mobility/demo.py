"""Demo mobilities: one at every stage, one with an approved change to its learning
agreement, one transcript with the host's grading table, one recognition done by the
tables, and the partner contact (partner@...) with nominations to answer. Idempotent: loaded
once (when no demo mobility exists), with dates relative to the clock, through the services."""

from datetime import timedelta
from decimal import Decimal

from django.contrib.auth import get_user_model
from django.db import transaction

from erasmusdesk.accounts.demo import DEMO_DOMAIN
from erasmusdesk.core import clock
from erasmusdesk.institutions.models import Institution
from erasmusdesk.mobility import learning, records, services
from erasmusdesk.mobility.models import Mobility
from erasmusdesk.mobility.states import Party

# Illustrative grading tables of economics (ISCED 0311), bachelor (EQF 6): the shape of the
# Egracons tables, not any institution's published figures.
HOST_TABLE = [
    ("5", Decimal(20)),
    ("4.5", Decimal(25)),
    ("4", Decimal(30)),
    ("3.5", Decimal(15)),
    ("3", Decimal(10)),
]  # noqa: E501
HOME_TABLE = [
    ("A", Decimal(10)),
    ("A-", Decimal(15)),
    ("B+", Decimal(25)),
    ("B", Decimal(30)),
    ("C", Decimal(20)),
]  # noqa: E501
COMPONENTS = [
    ("A", "ECO101", "Microeconomics", "6"),
    ("A", "ECO202", "Econometrics", "8"),
    ("A", "ECO303", "Public finance", "8"),
    ("A", "ECO404", "Polish for foreigners", "8"),
    ("B", "E-310", "Economic theory (semester abroad)", "30"),
]
# (applicant number, stage)
PATH = [
    (1, "nominated"),
    (2, "nominated"),
    (3, "accepted"),
    (4, "la_approved"),
    (5, "arrived"),  # with an approved change
    (6, "departed"),
    (7, "transcript_received"),  # with the host's grading table
    (8, "recognised"),  # converted by the tables
    (9, "closed"),
]


def _sign_all(agreement, office):
    digest = learning.content_digest(agreement)
    learning.submit(agreement, by=agreement.mobility.participant, digest=digest)
    for party, name in (("sending", "Demo Coordinator"), ("receiving", "Anna Partner")):
        learning.sign(
            agreement,
            party=party,
            approve=True,
            signer_name=name,
            signer_position="Erasmus+ coordinator",
            signer_email=f"{party}@{DEMO_DOMAIN}",
            by=office,
            digest=digest,
        )


def _agreement(mobility, office):
    agreement = learning.start_learning_agreement(mobility, by=mobility.participant)
    for table, code, title, credits in COMPONENTS:
        learning.add_component(
            agreement,
            table=table,
            los_code=code,
            title=title,
            term_id=f"{mobility.receiving_academic_year_id} autumn",
            credits=Decimal(credits),
            by=mobility.participant,
        )
    _sign_all(agreement, office)


def _change(mobility, office):
    proposal = learning.propose_change(mobility, by=mobility.participant)
    old = proposal.components.get(los_code="ECO404")
    learning.remove_component(old, reason_code="not-available", by=mobility.participant)
    learning.add_component(
        proposal,
        table="A",
        los_code="PL-B1",
        title="Polish language B1",
        term_id=old.term_id,
        credits=Decimal(8),
        reason_code="substituting-deleted",
        by=mobility.participant,
    )
    _sign_all(proposal, office)


def _advance(mobility, stage, office, today):
    order = [s for _n, s in PATH]
    target = order.index(stage)
    if target >= 1:
        services.answer_nomination(
            mobility, accept=True, comment="Welcome!", by=None, by_name="Anna Partner"
        )
    if target >= 3:
        _agreement(mobility, office)
    if target >= 4:
        services.confirm_arrival(mobility, on=today - timedelta(days=60), by=None, party=Party.HOST)
        if stage == "arrived":
            _change(mobility, office)
    if target >= 5:
        services.confirm_departure(
            mobility, on=today - timedelta(days=5), by=None, party=Party.HOST
        )
    if target >= 6:
        records.save_grading_table(
            mobility.receiving_hei,
            isced_f_code="0311",
            eqf_level="6",
            grading_scheme="2-5",
            years="illustrative",
            shares=HOST_TABLE,
            source="demo",
            by=office,
        )
        records.enter_transcript(
            mobility,
            issue_date=today - timedelta(days=2),
            grading_scheme="2-5",
            results=[
                records.ResultLine("ECO101", "Microeconomics", Decimal(6), "4.5", True),
                records.ResultLine("ECO202", "Econometrics", Decimal(8), "4", True),
                records.ResultLine("ECO303", "Public finance", Decimal(8), "5", True),
                records.ResultLine("ECO404", "Polish for foreigners", Decimal(8), "3.5", True),
            ],
            by=None,
            party=Party.HOST,
        )
    if target >= 7:
        component = learning.approved(mobility).components.get(table="B")
        records.recognise(
            mobility,
            decision="full",
            items=[records.Item(component, list(mobility.transcript.results.all()), Decimal(30))],
            by=office,
        )
    if target >= 8:
        services.move_stage(mobility, "closed", by=office, party=Party.OFFICE)


@transaction.atomic
def load_demo_mobilities() -> int:
    """The demo mobilities (see the module), when there is none yet; returns how many."""
    if Mobility.objects.filter(email__endswith=f"@{DEMO_DOMAIN}").exists():
        return 0
    home = Institution.objects.filter(is_home=True).first()
    partners = list(Institution.objects.filter(is_home=False).order_by("pk")[:2])
    users = get_user_model().objects
    contact = users.filter(email=f"partner@{DEMO_DOMAIN}").first()
    office = users.filter(is_superuser=True).order_by("pk").first()
    if home is None or not partners or contact is None:
        return 0
    services.set_host_contact(contact, partners[0], position="Erasmus+ coordinator", by=office)
    records.save_grading_table(
        home,
        isced_f_code="0311",
        eqf_level="6",
        grading_scheme="A-F",
        years="illustrative",
        shares=HOME_TABLE,
        source="demo",
        by=office,
    )
    today = clock.localdate()
    created = 0
    for number, stage in PATH:
        participant = users.filter(email=f"applicant{number:02d}@{DEMO_DOMAIN}").first()
        if participant is None:
            continue
        later = stage in ("nominated", "accepted", "la_approved")
        arrival = today + timedelta(days=60) if later else today - timedelta(days=90)
        mobility = services.create_mobility(
            services.NewMobility(
                given_names=participant.first_name or "Demo",
                family_name=participant.last_name or f"Student {number}",
                email=participant.email,
                participant=participant,
                sending_hei=home,
                receiving_hei=partners[0] if number % 3 else partners[-1],
                activity_type="student-studies",
                planned_arrival_date=arrival,
                planned_departure_date=arrival + timedelta(days=140),
                isced_f_code="0311",
                eqf_level_studied_at_departure="6",
                language="en",
                cefr_level="B2",
            ),
            by=office,
        )
        if stage != "nominated":
            _advance(mobility, stage, office, today)
        created += 1
    return created
