"""Builders of selections for tests: a call with places, evaluators, eligible applications
with profiles, certificates and preferences, scores (no randomness unless a seed is given)."""

from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal
from itertools import count

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group

from erasmusdesk.accounts.models import ApplicantProfile, LanguageCertificate
from erasmusdesk.applications.models import Application, Preference, Round, StateChange
from erasmusdesk.calls.services import call_places
from erasmusdesk.core import clock
from erasmusdesk.selection import committee
from erasmusdesk.selection.models import Assignment, Criterion, Score, Selection
from tests import factories
from tests.factories import applications as application_builders

PASSWORD = "a-long-test-password-42"
_SERIAL = count(1)  # applicants' user names, unique across the calls of a test


def user(username: str, *, group: str | None = None, **extra):
    person = get_user_model().objects.create_user(
        username, email=f"{username}@example.org", password=PASSWORD, **extra
    )
    if group:
        person.groups.add(Group.objects.get_or_create(name=group)[0])
    return person


def evaluator(username: str):
    """The evaluator ``username`` (created the first time)."""
    found = get_user_model().objects.filter(username=username).first()
    return found or user(username, group="evaluators", first_name=username.title())


def closed_dates() -> dict:
    """The dates of a call whose only deadline passed yesterday (for ``factories.call``)."""
    today = clock.localdate()
    return {
        "opens": today - timedelta(days=90),
        "deadline": today - timedelta(days=1),
        "late": None,
    }


@dataclass
class World:
    """A call with places, its selection and committee, and the applications added."""

    call: object
    selection: Selection
    places: list
    members: list
    coordinator: object
    applications: list = field(default_factory=list)
    counter: int = 0

    @classmethod
    def create(cls, people, *, slug: str = "icm-test-2026", members: int = 3, like=None):
        """``like``: another World whose partners and documents the new call reuses. The
        call is closed (its deadline passed yesterday, no late round): results are published
        only once a call accepts no more applications."""
        closed = closed_dates()
        if like is None:
            call = application_builders.call_with_places(slug, **closed)
        else:
            call = application_builders.another_call(like.call, slug=slug, **closed)
        coordinator = people["coordinator"]
        selection = committee.set_up_selection(call, by=coordinator)
        team = [people["evaluator"]] + [evaluator(f"evaluator{i}") for i in range(2, members + 1)]
        for member in team:
            committee.add_member(selection, member, by=coordinator)
        return cls(call, selection, call_places(call), team, coordinator)

    def apply(
        self,
        person=None,
        *,
        grade: str | None = "3.00",
        scale: str = "4.0",
        ielts: str | None = "6.5",
        year: int | None = 3,
        choices: tuple[int, ...] = (0, 1),
        submitted: int = 0,
        state: str = "eligible",
        subject_area: str = "0311",
    ) -> Application:
        """An eligible application of a new applicant (or ``person``): grade average on
        ``scale``, an IELTS certificate, preferences by index into ``places``, submitted
        ``submitted`` minutes after the first."""
        self.counter += 1
        person = person or user(f"applicant{next(_SERIAL):05d}", group="applicants")
        profile = ApplicantProfile.objects.create(
            user=person,
            given_names="Test",
            family_name=f"Applicant {self.counter}".replace(" ", "-").replace("-", " "),
            category="bachelor",
            year_of_study=year,
            grade_average=Decimal(grade) if grade else None,
            grade_scale=scale if grade else "",
        )
        if ielts:
            LanguageCertificate.objects.create(
                profile=profile, test="ielts_academic", score=ielts, taken_on=date(2026, 5, 1)
            )
        application = application_builders.application(
            person, self.call, state="draft", documents=False, subject_area=subject_area
        )
        application.preferences.all().delete()
        for position, index in enumerate(choices, start=1):
            Preference.objects.create(
                application=application, position=position, place=self.places[index]
            )
        at = factories.local(2026, 12, 1, 9) + timedelta(minutes=submitted)
        Application.objects.filter(pk=application.pk).update(
            state=state, round=Round.NORMAL, submitted_at=at
        )
        StateChange.objects.create(
            application=application, from_state="draft", to_state=state, at=at
        )
        application.refresh_from_db()
        self.applications.append(application)
        return application

    def assign(self) -> int:
        return committee.assign_applications(self.selection, by=self.coordinator)

    def criteria(self) -> list[Criterion]:
        return committee.scored_criteria(self.selection)

    def score(self, application, points: dict | Decimal | int | str = 7, **by_member) -> None:
        """Every active assignment of ``application`` scored through the service: the same
        points on each criterion, or a dict code -> points; ``by_member`` (username ->
        points) overrides for one member."""
        for assignment in Assignment.objects.filter(
            application=application, conflict=False
        ).select_related("evaluator"):
            given = by_member.get(assignment.evaluator.username, points)
            if not isinstance(given, dict):
                given = {c.code: Decimal(str(given)) for c in self.criteria()}
            committee.score_application(assignment, points=given, by=assignment.evaluator)

    def score_all(self, points=7) -> None:
        for application in self.applications:
            self.score(application, points)


def bulk_scores(selection, points: Decimal = Decimal("7")) -> int:
    """Every open assignment scored at once (for large tests and the benchmark)."""
    criteria = [c for c in Criterion.objects.filter(selection=selection) if c.is_scored]
    assignments = list(Assignment.objects.filter(selection=selection, conflict=False))
    Score.objects.bulk_create(
        Score(assignment=a, criterion=c, points=points) for a in assignments for c in criteria
    )
    return Assignment.objects.filter(selection=selection, conflict=False).update(
        completed_at=factories.local(2027, 1, 20, 12)
    )
