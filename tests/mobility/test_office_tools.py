"""The office's exports, the reminders of overdue steps (the hourly remind command) and
the deadlines on the participant's timeline."""

import csv
import io
from datetime import timedelta

import pytest
from django.core import mail
from django.core.management import call_command
from django.test import TestCase
from django.urls import reverse
from openpyxl import load_workbook

from erasmusdesk.core import clock
from erasmusdesk.mobility import exports
from erasmusdesk.mobility.models import Mobility
from tests.factories import mobility as builders


@pytest.fixture
def mobility(db, people):
    mobility = builders.selected_mobility(people["owner"])
    builders.contact_on_file(mobility.receiving_hei, "host@partner.example")
    return mobility


def test_the_xlsx_and_csv_exports_have_the_documented_columns(mobility, people, client_as):
    builders.approved_agreement(mobility, by=people["owner"])
    client = client_as(people["coordinator"])
    response = client.get(reverse("mobility_office:export", args=["xlsx"]))
    sheet = load_workbook(io.BytesIO(response.content)).active
    rows = list(sheet.values)
    assert list(rows[0]) == [name for name, _help in exports.COLUMNS]
    assert rows[1][0] == str(mobility.omobility_id)
    assert rows[1][rows[0].index("ects_planned")] == "30.0"
    text = client.get(reverse("mobility_office:export", args=["csv"]), {"stage": "closed"})
    assert list(csv.reader(io.StringIO(text.content.decode("utf-8-sig")))) == [
        [name for name, _help in exports.COLUMNS]
    ]
    assert (
        client_as(people["owner"]).get(reverse("mobility_office:export", args=["xlsx"])).status_code
        == 404
    )


@pytest.mark.parametrize("count", [1, 4])
def test_the_export_takes_a_constant_number_of_queries(
    db, people, count, django_assert_max_num_queries
):
    from tests.factories import applications as application_builders

    call = application_builders.call_with_places()
    for index in range(count):
        person = builders.user_for_mobility(index)
        mobility = builders.selected_mobility(person, call=call, place_index=index % 2)
        builders.approved_agreement(mobility)
    with django_assert_max_num_queries(6):
        assert len(exports.rows(Mobility.objects.all())) == count


def test_an_unanswered_nomination_is_reminded_after_thirty_days_once_a_week(mobility, frozen):
    start = clock.now()
    frozen(start + timedelta(days=29))
    with TestCase.captureOnCommitCallbacks(execute=True):
        call_command("remind")
    assert [m for m in mail.outbox if m.to == ["host@partner.example"]] == []
    frozen(start + timedelta(days=31))
    with TestCase.captureOnCommitCallbacks(execute=True):
        call_command("remind")
        call_command("remind")  # an hour later: not again
    sent = [m for m in mail.outbox if m.to == ["host@partner.example"]]
    assert len(sent) == 1 and sent[0].subject.startswith("Reminder")
    frozen(start + timedelta(days=39))
    with TestCase.captureOnCommitCallbacks(execute=True):
        call_command("remind")
    assert len([m for m in mail.outbox if m.to == ["host@partner.example"]]) == 2


def test_an_overdue_transcript_is_reminded(mobility, people, frozen):
    builders.approved_agreement(mobility, by=people["owner"])
    builders.moved_to(mobility, "departed")
    frozen(clock.now() + timedelta(weeks=5, days=1))
    mail.outbox.clear()
    with TestCase.captureOnCommitCallbacks(execute=True):
        call_command("remind")
    sent = [m for m in mail.outbox if m.to == ["host@partner.example"]]
    assert len(sent) == 1 and "transcript of records" in sent[0].subject


def test_the_timeline_shows_the_next_deadline(mobility, people, client_as):
    builders.approved_agreement(mobility, by=people["owner"])
    mobility = builders.moved_to(mobility, "arrived")
    page = client_as(people["owner"]).get(mobility.get_absolute_url()).content.decode()
    due = mobility.actual_arrival_date + timedelta(weeks=5)
    assert "Changes to the learning agreement proposed by" in page
    assert due.strftime("%Y") in page


@pytest.mark.parametrize("count", [1, 3])
def test_the_office_list_takes_a_constant_number_of_queries(
    db, people, client_as, count, django_assert_max_num_queries
):
    from tests.factories import applications as application_builders

    call = application_builders.call_with_places()
    for index in range(count):
        builders.selected_mobility(builders.user_for_mobility(index), call=call)
    client = client_as(people["coordinator"])
    client.get(reverse("mobility_office:index"))
    with django_assert_max_num_queries(14):
        response = client.get(reverse("mobility_office:index"))
    assert response.content.decode().count("/office/mobility/") >= count


def test_the_office_list_filters_by_call(mobility, people, client_as):
    client = client_as(people["coordinator"])
    slug = mobility.application.call.slug
    assert (
        mobility.family_name
        in client.get(reverse("mobility_office:index"), {"call": slug}).content.decode()
    )
    assert (
        mobility.family_name
        not in client.get(
            reverse("mobility_office:index"), {"call": "another-call"}
        ).content.decode()
    )


def test_the_csv_export_quotes_every_field_and_defuses_formulas(mobility, people, client_as):
    from erasmusdesk.mobility.models import Mobility

    Mobility.objects.filter(pk=mobility.pk).update(
        given_names="=HYPERLINK(1)", family_name="Nurlanovna;=1+1\t@x"
    )
    client = client_as(people["coordinator"])
    response = client.get(reverse("mobility_office:export", args=["csv"]))
    text = response.content.decode("utf-8-sig")
    lines = list(csv.reader(io.StringIO(text)))
    assert lines[1][1:3] == ["'=HYPERLINK(1)", "Nurlanovna;'=1+1\t'@x"]
    assert all(line.startswith('"') and line.endswith('"') for line in text.splitlines())
