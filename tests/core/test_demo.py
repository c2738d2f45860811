import pytest
from django.contrib.auth import authenticate
from django.core.management import CommandError, call_command

from erasmusdesk.catalogue.models import Opportunity
from erasmusdesk.core.demo import DEMO_PASSWORD, DEMO_USERNAME, load_demo
from erasmusdesk.institutions.models import Institution

pytestmark = pytest.mark.django_db


def _snapshot() -> list:
    return [
        list(Institution.objects.values_list("id", "name_en", "latitude", "longitude")),
        list(Opportunity.objects.values_list("id", "slug", "title_ru", "title_kk")),
    ]


def test_demo_loads_home_university_office_account_and_catalogue():
    result = load_demo()
    home = Institution.objects.get(is_home=True)
    assert home.name_en == "Atyrau University named after Kh. Dosmukhamedov"
    assert (home.country, home.city_en) == ("KZ", "Atyrau")
    assert home.international_office.email == "international@atyrau-university.example"
    assert authenticate(username=DEMO_USERNAME, password=DEMO_PASSWORD).is_staff
    assert result.pages_created == 10


def test_running_the_demo_twice_changes_nothing():
    load_demo()
    before = _snapshot()
    second = load_demo()
    assert _snapshot() == before
    assert second == type(second)(False, False, False, 0)


def test_demo_command_refuses_with_debug_off(settings):
    settings.DEBUG = False
    with pytest.raises(CommandError, match="Refusing to load demo data"):
        call_command("demo")
    assert Institution.objects.count() == 0


def test_the_demo_command_adds_accounts_and_applications_in_every_state(settings, capsys):
    from erasmusdesk.applications.models import Application
    from erasmusdesk.applications.uploads import sha256_of_stored

    settings.DEBUG = True
    call_command("demo")
    states = set(Application.objects.values_list("state", flat=True))
    assert states == {"draft", "submitted", "returned", "eligible", "ineligible"}
    submitted = Application.objects.filter(state="submitted").first()
    assert submitted.preferences.exists() and submitted.history.get().to_state == "submitted"
    document = submitted.documents.first()
    assert sha256_of_stored(document.file.name) == document.sha256
    assert authenticate(username="student@demo.erasmusdesk.kz", password=DEMO_PASSWORD)
    call_command("demo")  # twice: nothing more
    assert Application.objects.count() == 12
    assert "12 application(s)" in capsys.readouterr().out


@pytest.mark.parametrize(
    "day",
    [(2026, 12, 1), (2027, 3, 10), (2027, 7, 20), (2029, 9, 15), (2030, 1, 15)],
    ids=["december", "late-round", "summer", "2029", "deadline-2030"],
)
def test_the_demo_has_an_open_call_and_last_years_closed_one_on_any_day(frozen, settings, day):
    from erasmusdesk.applications.models import Application
    from erasmusdesk.calls.models import Call
    from erasmusdesk.core import clock
    from tests import factories

    frozen(factories.local(*day, 23, 30))
    settings.DEBUG = True
    call_command("demo")
    calls = list(Call.objects.order_by("-academic_year"))
    assert [call.status for call in calls] in (["open", "closed"], ["late", "closed"])
    current, last_year = calls
    assert current.academic_year == last_year.academic_year + 1
    assert current.opens_at <= clock.now()
    for call in calls:  # the signed agreements in force cover both years
        assert call.agreements.count() >= 15
    drafts = Application.objects.filter(call=current, state="draft")
    assert drafts.exists()
    assert all(a.submitted_at <= clock.now() for a in Application.objects.exclude(state="draft"))
    before = Call.objects.count(), Application.objects.count()
    call_command("demo")
    assert (Call.objects.count(), Application.objects.count()) == before
