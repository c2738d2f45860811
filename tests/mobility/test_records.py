"""The stay's dates, the transcript, the grading tables and the recognition, through the
services and the pages."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.urls import reverse

from erasmusdesk.core import clock
from erasmusdesk.core.errors import DomainError
from erasmusdesk.mobility import learning, records, services
from erasmusdesk.mobility.models import Mobility
from erasmusdesk.mobility.states import Party
from tests.factories import mobility as builders

HOST = [
    ("5", Decimal(20)),
    ("4.5", Decimal(25)),
    ("4", Decimal(30)),
    ("3.5", Decimal(15)),
    ("3", Decimal(10)),
]  # noqa: E501
HOME = [
    ("A", Decimal(10)),
    ("A-", Decimal(15)),
    ("B+", Decimal(25)),
    ("B", Decimal(30)),
    ("C", Decimal(20)),
]  # noqa: E501


@pytest.fixture
def mobility(db, people):
    mobility = builders.selected_mobility(people["owner"])
    builders.host_contact(people["partner_contact"], mobility.receiving_hei)
    builders.approved_agreement(mobility, by=people["owner"])
    return Mobility.objects.get(pk=mobility.pk)


def test_dates_in_the_future_or_out_of_order_are_refused(mobility, people):
    tomorrow = clock.localdate() + timedelta(days=1)
    with pytest.raises(DomainError) as error:
        services.confirm_arrival(mobility, on=tomorrow, by=None, party=Party.HOST)
    assert error.value.field == "on"
    services.confirm_arrival(mobility, on=clock.localdate(), by=None, party=Party.HOST)
    with pytest.raises(DomainError, match="before the arrival"):
        services.confirm_departure(
            mobility, on=clock.localdate() - timedelta(days=1), by=None, party=Party.HOST
        )
    services.confirm_departure(mobility, on=clock.localdate(), by=None, party=Party.HOST)
    mobility.refresh_from_db()
    assert mobility.state == "departed"
    assert mobility.actual_arrival_date == mobility.actual_departure_date == clock.localdate()


@pytest.mark.parametrize(
    "text, message",
    [
        ("ECO101; Micro; 6; 4.5", "Line 1: give code; title; ECTS; grade; passed"),
        ("ECO101; Micro; six; 4.5; yes", "Line 1: ECTS credits are a number"),
        ("\nECO101; Micro; 61; 4.5; yes", "Line 2: ECTS credits"),
        ("ECO101; Micro; 6; 4.5; maybe", "Line 1: passed is yes or no"),
        ("", "Give at least one result."),
    ],
)
def test_bad_transcript_lines_name_the_line_and_the_rule(text, message):
    with pytest.raises(DomainError) as error:
        records.parse_results(text)
    assert message in str(error.value.message)
    assert error.value.field == "results"


def test_a_grading_table_must_add_up_to_a_hundred():
    with pytest.raises(DomainError, match="add up to 90"):
        records.parse_shares("A; 50\nB; 40")
    assert records.parse_shares("A; 50\nB; 50 %") == [("A", Decimal(50)), ("B", Decimal(50))]


def test_no_transcript_before_the_departure(mobility):
    with pytest.raises(DomainError, match="after the departure"):
        records.enter_transcript(
            mobility,
            issue_date=clock.localdate(),
            grading_scheme="2-5",
            results=records.parse_results("X; Y; 5; 4; yes"),
            by=None,
            party=Party.HOST,
        )


def test_recognition_by_the_tables_is_explained_in_words(mobility, people):
    builders.moved_to(mobility, "transcript_received")
    records.save_grading_table(
        mobility.receiving_hei,
        isced_f_code="0311",
        eqf_level="6",
        grading_scheme="2-5",
        years="2023-2025",
        shares=HOST,
        by=None,
    )
    records.save_grading_table(
        mobility.sending_hei,
        isced_f_code="0311",
        eqf_level="6",
        grading_scheme="A-F",
        years="2023-2025",
        shares=HOME,
        by=None,
    )
    result = mobility.transcript.results.get(los_code="ECO202")  # grade 4: 45-75 %
    component = learning.approved(mobility).components.get(table="B")
    recognition = records.recognise(
        mobility,
        decision="full",
        items=[records.Item(component, [result], Decimal(30))],
        by=people["coordinator"],
    )
    item = recognition.items.get()
    assert (item.host_grade, item.converted_grade, item.method) == ("4", "B", "table")
    assert "from 45.00 % to 75.00 %" in item.explanation
    assert "B covers 50.00 % to 80.00 %" in item.explanation
    assert Mobility.objects.get(pk=mobility.pk).state == "recognised"


def test_without_a_table_the_grade_is_given_by_hand_with_a_reason(mobility, people):
    builders.moved_to(mobility, "transcript_received")
    component = learning.approved(mobility).components.get(table="B")
    results = list(mobility.transcript.results.all())
    with pytest.raises(DomainError) as error:
        records.recognise(
            mobility,
            decision="full",
            items=[records.Item(component, results, Decimal(30))],
            by=None,
        )
    assert error.value.field == "manual_grade"
    with pytest.raises(DomainError) as error:
        records.recognise(mobility, decision="partial", items=[], by=None)
    assert error.value.field == "reasons"
    assert Mobility.objects.get(pk=mobility.pk).state == "transcript_received"


def test_the_host_enters_the_transcript_and_the_office_recognises_on_the_pages(
    mobility, people, client_as
):
    mobility = builders.moved_to(mobility, "departed")
    host = client_as(people["partner_contact"])
    url = reverse("mobility:host_transcript", args=[mobility.omobility_id])
    data = {
        "issue_date": clock.localdate().isoformat(),
        "grading_scheme": "2-5",
        "results": "ECO101; Microeconomics; 6; 4.5; yes\nECO202; Econometrics; eight; 4; yes",
        "grading_table": "5; 20\n4.5; 25\n4; 30\n3.5; 15\n3; 10",
        "years": "2023-2025",
    }
    response = host.post(url, data)
    assert response.status_code == 400
    assert "Line 2: ECTS credits are a number" in response.content.decode()
    data["results"] = "ECO101; Microeconomics; 30; 4; yes"
    assert host.post(url, data).status_code == 302
    mobility.refresh_from_db()
    assert mobility.state == "transcript_received"
    records.save_grading_table(
        mobility.sending_hei,
        isced_f_code="0311",
        eqf_level="6",
        grading_scheme="A-F",
        years="2023-2025",
        shares=HOME,
        by=None,
    )
    office = client_as(people["coordinator"])
    page_url = reverse("mobility_office:recognition", args=[mobility.omobility_id])
    page = office.get(page_url).content.decode()
    assert "Converted grade: B" in page  # the preview, before anything is saved
    component = learning.approved(mobility).components.get(table="B")
    result = mobility.transcript.results.get()
    response = office.post(
        page_url,
        {
            f"results_{component.pk}": [str(result.pk)],
            f"credits_{component.pk}": "30",
            "decision": "full",
        },
    )
    assert response.status_code == 302
    student = client_as(people["owner"]).get(mobility.get_absolute_url()).content.decode()
    assert "30.0 ECTS recognised, host grade 4, home grade B" in student
    pdf = client_as(people["owner"]).get(
        reverse("mobility:recognition_pdf", args=[mobility.omobility_id])
    )
    assert pdf["Content-Type"] == "application/pdf" and pdf.content.startswith(b"%PDF")
