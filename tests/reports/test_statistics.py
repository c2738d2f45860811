"""The office's statistics: the figures per table, the page (charts with their tables), the
XLSX, and who may see them."""

import io
from datetime import timedelta
from decimal import Decimal

import pytest
from django.utils import translation
from openpyxl import load_workbook

from erasmusdesk.core import clock
from erasmusdesk.grants.models import GrantAgreement, GrantAgreementStatus, Payment, PaymentKind
from erasmusdesk.institutions.models import Institution
from erasmusdesk.reports import statistics
from erasmusdesk.selection import publishing
from tests.factories.selection import World

pytestmark = pytest.mark.django_db

ROLES = ["owner", "other_applicant", "evaluator", "coordinator", "partner_contact", "anonymous"]
PAGE = "/en/office/statistics/"
XLSX = "/en/office/statistics/statistics.xlsx"


@pytest.fixture
def world(people):
    world = World.create(people)
    return world


def _agreement(call, total: str, status: str = GrantAgreementStatus.ISSUED, **fields):
    home, host = Institution.objects.order_by("pk")[:2]
    today = clock.localdate()
    return GrantAgreement.objects.create(
        reference=f"GA-STAT-{GrantAgreement.objects.count() + 1}",
        call=call,
        participant_name="Aigerim Test",
        home_institution=home,
        host_institution=host,
        activity="study",
        call_year=call.academic_year,
        start=today + timedelta(days=30),
        end=today + timedelta(days=150),
        total=Decimal(total),
        rate_table_name="KA171",
        status=status,
        **fields,
    )


def _rows(table) -> list[tuple]:
    return [(label, *figures) for label, figures in table.rows]


def test_drafts_are_not_counted_and_states_follow_the_state_order(people, world):
    world.apply(state="eligible")
    world.apply(state="eligible")
    world.apply(state="submitted")
    world.apply(state="draft")

    assert _rows(statistics.per_state()) == [("submitted", 1), ("eligible", 2)]
    assert _rows(statistics.per_call()) == [
        (f"{world.call.title} {world.call.academic_year_label}", 3)
    ]


def test_per_category_faculty_and_first_choice_partner(people, world):
    first = world.apply(choices=(0, 1))
    world.apply(choices=(1, 0))
    world.apply(choices=(1,))
    first.applicant.profile.faculty = "Faculty of Economics"
    first.applicant.profile.save()

    assert _rows(statistics.per_category()) == [("bachelor student", 3)]
    assert _rows(statistics.per_faculty()) == [("(not given)", 2), ("Faculty of Economics", 1)]
    assert _rows(statistics.per_partner()) == [
        ("Universidade de Teste", 2),
        ("Uniwersytet Testowy", 1),
    ]


def test_outcomes_count_the_latest_published_run(people, world):
    for _ in range(3):
        world.apply()
    world.assign()
    world.score_all(7)
    publishing.publish_results(
        world.selection,
        by=world.coordinator,
        expected_run=0,
        appeal_deadline=clock.now() + timedelta(days=7),
    )

    outcome = dict(_rows(statistics.outcomes()))
    assert sum(outcome.values()) == 3
    assert set(outcome) <= {"selected", "reserve list", "not selected"}


def test_grants_committed_and_paid_per_call_leave_out_cancelled_and_subtract_recoveries(world):
    kept = _agreement(world.call, "1000.00")
    _agreement(world.call, "500.00", final_total=Decimal("450.00"))
    cancelled = _agreement(world.call, "9999.00", status=GrantAgreementStatus.CANCELLED)
    today = clock.localdate()
    Payment.objects.create(agreement=kept, kind=PaymentKind.PREFINANCING, amount=800, paid_on=today)
    Payment.objects.create(agreement=kept, kind=PaymentKind.RECOVERY, amount=100, paid_on=today)
    Payment.objects.create(
        agreement=cancelled, kind=PaymentKind.PREFINANCING, amount=5000, paid_on=today
    )

    assert _rows(statistics.grants()) == [
        (
            f"{world.call.title} {world.call.academic_year_label}",
            Decimal("1450.00"),
            Decimal("700.00"),
        )
    ]


def test_a_call_filter_counts_only_that_call(people, world):
    world.apply()
    other = World.create(people, slug="icm-other-2026", like=world)
    other.apply()
    other.apply()

    assert _rows(statistics.per_state(other.call)) == [("eligible", 2)]
    assert _rows(statistics.per_state()) == [("eligible", 3)]


@pytest.mark.parametrize("role", ROLES)
def test_statistics_are_for_coordinators_only(client_as, people, world, role):
    client = client_as(people[role])
    for path in [PAGE, XLSX]:
        response = client.get(path)
        if role == "coordinator":
            assert response.status_code == 200, path
        elif role == "anonymous":
            assert response.status_code == 302, path
            assert response["Location"] == f"/en/admin/login/?next={path}", path
        else:
            assert response.status_code == 404, path


def test_each_chart_has_its_table_beside_it(client_as, people, world):
    world.apply()
    world.apply(state="submitted")

    page = client_as(people["coordinator"]).get(PAGE).content.decode()

    section = page.split('id="stat-states-title"')[1].split("</section>")[0]
    assert '<figure class="chart">' in section
    assert "submitted: 1 application; eligible: 1 application" in section
    assert '<th scope="row">eligible</th><td class="number">1 application</td>' in section
    assert 'tabindex="0" role="region"' in section


def test_tables_with_nothing_to_count_say_so(client_as, people):
    page = client_as(people["coordinator"]).get(PAGE).content.decode()

    assert page.count("Nothing to count yet.") == 7
    assert '<figure class="chart">' not in page


def test_the_page_links_the_xlsx_of_the_chosen_call(client_as, people, world):
    page = client_as(people["coordinator"]).get(PAGE, {"call": world.call.slug}).content.decode()

    assert f'href="{XLSX}?call={world.call.slug}"' in page


def test_xlsx_has_a_sheet_per_table_with_its_figures_and_a_chart(client_as, people, world):
    world.apply()
    _agreement(world.call, "1234.50")

    response = client_as(people["coordinator"]).get(XLSX)

    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    assert "attachment" in response["Content-Disposition"]
    workbook = load_workbook(io.BytesIO(response.content))
    assert workbook.sheetnames[:2] == ["Applications per call", "Applications per state"]
    states = workbook["Applications per state"]
    assert [[cell.value for cell in row] for row in states.iter_rows()] == [
        ["State", "Applications"],
        ["eligible", 1],
    ]
    assert len(states._charts) == 1
    grants = workbook["Grants per call"]
    assert grants["B2"].value == 1234.5
    assert grants["B2"].number_format == "#,##0.00"
    assert len(grants._charts) == 1


def test_xlsx_label_cells_cannot_run_as_formulas(people, world):
    table = statistics.Table(
        key="t",
        title="T",
        label_header="Partner",
        columns=[statistics.Column("Applications", str)],
        rows=[("=HYPERLINK(1)", [1])],
    )
    from erasmusdesk.reports.exports import statistics_xlsx

    buffer = io.BytesIO()
    statistics_xlsx([table], buffer)

    assert load_workbook(buffer)["T"]["A2"].value == "'=HYPERLINK(1)"


def test_money_follows_the_language_number_format(people, world):
    _agreement(world.call, "1234.50")

    with translation.override("ru"):
        cells = statistics.grants().cells()

    assert cells[0][1][0] == "1\xa0234,50 евро"
