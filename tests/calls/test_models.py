"""Call validation, the date-or-instant field, places and document tables."""

from datetime import UTC, date, datetime

import pytest
from django.core.exceptions import ValidationError

from erasmusdesk.calls.admin import CallForm
from erasmusdesk.calls.forms import InstantField
from erasmusdesk.calls.models import Call, DocumentType, RequiredDocument
from erasmusdesk.calls.services import call_places, close_call, current_call, documents_matrix
from erasmusdesk.core.errors import DomainError
from tests import factories

pytestmark = pytest.mark.django_db


def test_deadline_before_the_opening_is_refused_naming_the_field():
    item = Call(opens_at=factories.local(2026, 10, 1), deadline=factories.local(2026, 9, 1))
    with pytest.raises(ValidationError) as error:
        item.clean()
    assert error.value.message_dict == {"deadline": ["The deadline must come after the opening."]}


def test_late_deadline_before_the_normal_one_is_refused():
    item = Call(
        opens_at=factories.local(2026, 10, 1),
        deadline=factories.local(2027, 1, 15),
        late_deadline=factories.local(2027, 1, 10),
    )
    with pytest.raises(ValidationError) as error:
        item.clean()
    assert error.value.message_dict == {
        "late_deadline": ["The late deadline must come after the normal deadline."]
    }


def test_instant_field_reads_a_date_as_the_end_of_the_local_day():
    field = InstantField(end_of_day=True)
    value = field.clean("2027-01-15")
    assert value.astimezone(UTC) == datetime(2027, 1, 15, 18, 59, 59, 999999, tzinfo=UTC)
    assert field.prepare_value(value) == "2027-01-15"


def test_instant_field_reads_a_date_and_time_in_local_time():
    value = InstantField(end_of_day=True).clean("2027-01-15 17:00")
    assert value.astimezone(UTC) == datetime(2027, 1, 15, 12, 0, tzinfo=UTC)
    assert InstantField(end_of_day=True).prepare_value(value) == "2027-01-15 17:00"


def test_instant_field_opening_date_means_start_of_day():
    value = InstantField(end_of_day=False).clean("2026-10-01")
    assert value.astimezone(UTC) == datetime(2026, 9, 30, 19, 0, tzinfo=UTC)


def test_instant_field_refuses_nonsense_with_the_expected_format():
    with pytest.raises(ValidationError) as error:
        InstantField(end_of_day=True).clean("15.01.2027")
    assert error.value.messages == [
        "Enter a date as YYYY-MM-DD, or a date and time as YYYY-MM-DD HH:MM."
    ]


def test_call_form_refuses_agreements_that_do_not_cover_the_year():
    old = factories.agreement(factories.partner("Old University"), first=2021, last=2025)
    form = CallForm(
        data={
            "slug": "icm-x",
            "opportunity": factories.opportunity().pk,
            "academic_year": 2026,
            "title_en": "X",
            "opens_at": "2026-10-01",
            "deadline": "2027-01-15",
            "eligible_categories": ["bachelor"],
            "agreements": [old.pk],
            "is_published": "on",
        }
    )
    assert not form.is_valid()
    assert form.errors["agreements"] == [
        "These agreements do not cover 2026/2027: Old University · 2021/2022 – 2025/2026."
    ]
    assert Call.objects.count() == 0


def test_call_places_are_outgoing_conditions_for_the_call_categories_and_year():
    university = factories.partner("Host University")
    signed = factories.agreement(
        university,
        conditions=[
            factories.condition(),
            factories.condition(
                mobility_type="staff_teaching",
                eqf_levels="",
                isced_code="0111",
                total_months_per_year=None,
                total_days_per_year=10,
            ),
            factories.condition(direction="incoming", isced_code="0413"),
        ],
    )
    students_only = factories.call(agreements=[signed], categories="bachelor,master")
    assert [(p.mobility_type, p.isced_code) for p in call_places(students_only)] == [
        ("student_studies", "0311")
    ]
    everyone = factories.call(slug="all", agreements=[signed])
    assert sorted(p.mobility_type for p in call_places(everyone)) == [
        "staff_teaching",
        "student_studies",
    ]


def test_documents_matrix_puts_categories_in_columns():
    item = factories.call(categories="bachelor,teacher")
    letter = DocumentType.objects.get(code="recommendation_letter")
    passport = DocumentType.objects.get(code="passport_copy")
    RequiredDocument.objects.create(call=item, category="bachelor", document_type=letter, count=2)
    RequiredDocument.objects.create(call=item, category="teacher", document_type=letter, count=2)
    RequiredDocument.objects.create(
        call=item,
        category="bachelor",
        document_type=passport,
        allowed_types="pdf,jpg",
        max_size_mb=5,
    )
    columns, rows = documents_matrix(item)
    assert [str(label) for label in columns] == ["bachelor student", "teacher"]
    assert [
        (
            row.document_type.code,
            [c.count if c else None for c in row.cells],
            row.allowed_types,
            row.max_size_mb,
        )
        for row in rows
    ] == [
        ("recommendation_letter", [2, 2], ["pdf"], 10),
        ("passport_copy", [1, None], ["pdf", "jpg"], 5),
    ]


def test_closing_a_call_records_the_instant_and_refuses_twice(people):
    item = factories.call(opens=date(2020, 1, 1), deadline=date(2099, 1, 1), late=None)
    closed = close_call(item, by=people["coordinator"])
    assert closed.status == "closed"
    with pytest.raises(DomainError, match="already closed"):
        close_call(closed, by=people["coordinator"])


def test_current_call_prefers_the_open_one_then_the_next_then_the_last():
    opportunity = factories.opportunity()
    past = factories.call(
        slug="past", opens=date(2020, 10, 1), deadline=date(2021, 1, 15), late=None
    )
    assert current_call(opportunity) == past
    upcoming = factories.call(
        slug="next", opens=date(2098, 10, 1), deadline=date(2099, 1, 15), late=None
    )
    assert current_call(opportunity) == upcoming
    open_now = factories.call(
        slug="now", opens=date(2020, 10, 1), deadline=date(2097, 1, 15), late=None
    )
    assert current_call(opportunity) == open_now


def test_the_database_refuses_deadlines_out_of_order():
    from django.db import IntegrityError, transaction

    item = factories.call()
    with pytest.raises(IntegrityError), transaction.atomic():
        Call.objects.filter(pk=item.pk).update(deadline=item.opens_at)
    with pytest.raises(IntegrityError), transaction.atomic():
        Call.objects.filter(pk=item.pk).update(late_deadline=item.deadline)
