"""Starting an application and saving its draft: places that fit, periods, stale forms."""

from datetime import date

import pytest

from erasmusdesk.applications.drafting import (
    Draft,
    DraftErrors,
    StaleDraft,
    save_draft,
    start_application,
)
from erasmusdesk.applications.models import Application
from erasmusdesk.applications.places import places_for
from erasmusdesk.core.errors import DomainError
from tests import factories
from tests.factories.applications import places

pytestmark = pytest.mark.django_db


def draft_of(people, call):
    return start_application(call, by=people["owner"], category="bachelor")


def test_start_creates_one_draft_with_a_reference_and_reopens_it(people, call):
    first = draft_of(people, call)
    again = draft_of(people, call)
    assert first.pk == again.pk
    assert first.state == "draft"
    assert first.reference == f"A26-{first.pk:05d}"
    assert Application.objects.filter(applicant=people["owner"]).count() == 1


def test_a_category_the_call_does_not_admit_is_refused(people, db):
    call = factories.call(slug="staff-only", categories="staff")
    with pytest.raises(DomainError, match="not open to your category"):
        start_application(call, by=people["owner"], category="bachelor")


def test_a_closed_call_cannot_be_applied_to(people, frozen, call):
    frozen(factories.local(2027, 5, 2))
    with pytest.raises(DomainError, match="The call closed on"):
        draft_of(people, call)


def test_places_fit_category_level_and_subject_area(people, call):
    offered = places(call)
    assert len(offered) == 2  # two partners, economics (0311), EQF 6 and 7
    assert len(places_for(call, "bachelor", "0311")) == 2
    assert len(places_for(call, "master", "0314")) == 2  # same broad field 03
    assert places_for(call, "bachelor", "0613") == []  # ICT: another broad field
    assert places_for(call, "doctoral", "0311") == []  # EQF 8 not among the levels
    assert places_for(call, "teacher", "0311") == []  # no staff places


def test_saving_a_draft_keeps_fields_and_places_in_order(people, call):
    application = draft_of(people, call)
    first, second = places(call)
    saved = save_draft(
        application,
        Draft(
            subject_area="0311",
            period="spring",
            motivation="Because.",
            place_ids=(second.pk, first.pk),
        ),
        by=people["owner"],
        version=0,
    )
    assert saved.version == 1
    assert [(p.position, p.place_id) for p in saved.preferences.all()] == [
        (1, second.pk),
        (2, first.pk),
    ]
    assert saved.period == "spring"


def test_an_empty_draft_can_be_saved(people, call):
    saved = save_draft(draft_of(people, call), Draft(), by=people["owner"], version=0)
    assert saved.version == 1


@pytest.mark.parametrize(
    ("draft", "field", "message"),
    [
        (Draft(subject_area="9999"), "subject_area", "ISCED-F 2013"),
        (Draft(period="decade"), "period", "choose one of the listed"),
        (Draft(period="dates", starts_on=date(2027, 2, 1)), "starts_on", "both the first"),
        (
            Draft(period="dates", starts_on=date(2027, 2, 1), ends_on=date(2027, 1, 1)),
            "ends_on",
            "must come after",
        ),
        (Draft(motivation="x" * 5001), "motivation", "at most 5000"),
    ],
)
def test_each_field_is_refused_with_its_rule(people, call, draft, field, message):
    with pytest.raises(DraftErrors) as caught:
        save_draft(draft_of(people, call), draft, by=people["owner"], version=0)
    assert message in caught.value.errors[field]


def test_the_period_must_fit_the_opportunitys_duration(people, call):
    call.opportunity.duration_min_months, call.opportunity.duration_max_months = 3, 12
    call.opportunity.save()
    application = draft_of(people, call)
    too_short = Draft(period="dates", starts_on=date(2027, 2, 1), ends_on=date(2027, 3, 1))
    with pytest.raises(DraftErrors) as caught:
        save_draft(application, too_short, by=people["owner"], version=0)
    assert "allows 3 to 12 months" in caught.value.errors["ends_on"]
    fine = Draft(period="dates", starts_on=date(2027, 2, 1), ends_on=date(2027, 6, 30))
    assert save_draft(application, fine, by=people["owner"], version=0).ends_on == date(2027, 6, 30)


@pytest.mark.parametrize("case", ["four", "twice", "unfit"])
def test_places_must_be_at_most_three_distinct_and_fitting(people, call, case):
    first, second = places(call)
    other = factories.agreement(factories.partner("Elsewhere", erasmus_code="PL ELSEWHE01"))
    ids = {
        "four": (first.pk, second.pk, first.pk + 1000, first.pk + 1001),
        "twice": (first.pk, first.pk),
        "unfit": (other.conditions.first().pk,),
    }[case]
    with pytest.raises(DraftErrors) as caught:
        save_draft(
            draft_of(people, call),
            Draft(subject_area="0311", place_ids=ids),
            by=people["owner"],
            version=0,
        )
    assert "Preferred places" in caught.value.errors["places"]


def test_a_stale_form_is_refused_and_nothing_is_overwritten(people, call):
    application = draft_of(people, call)
    save_draft(application, Draft(motivation="Written in tab A."), by=people["owner"], version=0)
    with pytest.raises(StaleDraft, match="another window"):
        save_draft(application, Draft(motivation="Tab B."), by=people["owner"], version=0)
    application.refresh_from_db()
    assert application.motivation == "Written in tab A."


def test_a_submitted_application_cannot_be_edited(people, call):
    from tests.factories.applications import application as build

    submitted = build(people["owner"], call, state="submitted")
    with pytest.raises(DomainError, match="can no longer be changed"):
        save_draft(submitted, Draft(), by=people["owner"], version=0)
