"""Erasmus Mundus pages, services and API: the directory, the estimator, the students'
applications and the office's follow-up, with access for every role."""

import pytest

from erasmusdesk.core.errors import DomainError
from erasmusdesk.mundus import services
from erasmusdesk.mundus.demo import load_demo_programmes
from erasmusdesk.mundus.models import JointMaster, MundusApplication
from tests.factories import mundus as builders


def test_the_api_estimates_90_ects_in_2026(client, db):
    answer = client.get("/api/v1/erasmus-mundus/scholarship", {"ects": 90, "call_year": 2026})
    data = answer.json()
    assert (data["months"], data["monthly_eur"], data["total_eur"]) == (18, "1400.00", "25200.00")
    assert [line["key"] for line in data["lines"]][:3] == ["duration", "monthly", "total"]
    assert "10 %" in data["lines"][3]["explanation"]


@pytest.mark.parametrize("ects", [30, 89, 100])
def test_the_api_refuses_other_credits_with_400(client, db, ects):
    answer = client.get("/api/v1/erasmus-mundus/scholarship", {"ects": ects, "call_year": 2026})
    assert answer.status_code == 400
    assert answer.json()["field"] == "ects"


def test_the_api_refuses_a_call_year_without_a_rate(client, db):
    from erasmusdesk.mundus.models import ScholarshipRate

    ScholarshipRate.objects.filter(first_call_year=2014).delete()
    answer = client.get("/api/v1/erasmus-mundus/scholarship", {"ects": 120, "call_year": 2019})
    assert (answer.status_code, answer.json()["field"]) == (400, "call_year")


def test_the_api_estimates_a_2019_scholarship_with_the_2014_2020_lines(client, db):
    answer = client.get(
        "/api/v1/erasmus-mundus/scholarship",
        {"ects": 120, "call_year": 2019, "residence": "partner", "distance_km": 4500},
    )
    data = answer.json()
    # 2 x 9,000 participation + 2 x 3,000 travel + 1,000 installation + 24 x 1,000
    assert (data["months"], data["monthly_eur"], data["total_eur"]) == (24, "1000.00", "49000.00")
    amounts = {line["key"]: line["amount_eur"] for line in data["lines"]}
    assert amounts["participation"] == "18000.00"
    assert amounts["travel"] == "6000.00"
    assert amounts["installation"] == "1000.00"
    assert amounts["subsistence"] == "24000.00"
    assert data["confirmed"] is False
    assert "em-petal.eu" in data["source"]


@pytest.mark.parametrize(("distance", "travel"), [(3999, "2000.00"), (4000, "3000.00")])
def test_the_api_travel_band_turns_at_4000_km(client, db, distance, travel):
    answer = client.get(
        "/api/v1/erasmus-mundus/scholarship",
        {"ects": 60, "call_year": 2016, "distance_km": distance},
    )
    amounts = {line["key"]: line["amount_eur"] for line in answer.json()["lines"]}
    assert amounts["travel"] == travel


def test_the_api_refuses_another_residence(client, db):
    answer = client.get(
        "/api/v1/erasmus-mundus/scholarship",
        {"ects": 60, "call_year": 2016, "residence": "moon"},
    )
    assert answer.status_code in (400, 422)


def test_the_2021_scholarship_is_confirmed_and_ignores_the_distance(client, db):
    answer = client.get(
        "/api/v1/erasmus-mundus/scholarship",
        {"ects": 60, "call_year": 2024, "distance_km": 9000, "residence": "programme"},
    )
    data = answer.json()
    assert (data["total_eur"], data["confirmed"]) == ("16800.00", True)


def test_the_estimator_page_warns_that_the_2014_2020_figures_are_unconfirmed(client, db):
    page = client.get(
        "/en/erasmus-mundus/scholarship/",
        {"ects": "90", "call_year": "2018", "residence": "programme"},
    ).content.decode()
    assert "These figures are not confirmed" in page
    # 1.5 x 4,500 participation + 1.5 x 1,000 travel + 18 x 1,000 subsistence
    assert "Scholarship: 26250.00 EUR" in page
    assert "Installation" not in page


def test_the_programme_page_shows_the_consortium_checks_and_the_scholarship(client, db):
    item = builders.programme(
        members=[
            ("Université de Lyon", "FR", True),
            ("Université de Lille", "FR", False),
            ("Kazakh University", "KZ", False),
        ]
    )
    page = client.get(f"/en/erasmus-mundus/{item.pk}/").content.decode()
    assert "Rules broken: 2" in page
    assert "The institutions come from 2 country(ies); at least 3 are needed." in page
    assert "Scholarship: 33600.00 EUR" in page


def test_the_public_estimator_explains_each_line(client, db):
    page = client.get("/en/erasmus-mundus/scholarship/", {"ects": "60", "call_year": "2025"})
    text = page.content.decode()
    assert "Scholarship: 16800.00 EUR" in text
    assert "12 months x 1400.00 EUR." in text


def test_the_demo_programmes_meet_the_rules_and_load_once(db):
    assert load_demo_programmes() == 3
    assert load_demo_programmes() == 0
    for item in JointMaster.objects.all():
        assert services.programme_problems(item)[1] == [], item


def test_the_import_reads_members_and_refuses_a_bad_row_with_its_line(db):
    header = (
        "name,acronym,ects,duration_months,degree_type,call_year,applications_open,"
        "applications_close,website,members\n"
    )
    good = (
        "Master X,MX,120,24,joint,2023,2026-10-01,2027-01-15,https://x.example/,"
        '"Uni A (FR); Uni B (DE); Uni C (EL)"\n'
    )
    saved = services.import_programmes(header + good, by=None)
    assert [(m.name, m.country, m.is_coordinator) for m in saved[0].members.all()] == [
        ("Uni A", "FR", True),
        ("Uni B", "DE", False),
        ("Uni C", "EL", False),
    ]
    with pytest.raises(DomainError) as refusal:
        services.import_programmes(
            header + good.replace("Master X", "Master Y") + good.replace(",120,", ",many,"), by=None
        )
    assert "Line 3" in str(refusal.value.message)
    assert not JointMaster.objects.filter(name="Master Y").exists()


def test_a_student_records_an_application_once(people, client_as):
    item = builders.programme()
    client = client_as(people["owner"])
    client.post(
        "/en/erasmus-mundus/my-applications/", {"programme": item.pk, "intake_year": "2027"}
    )
    again = client.post(
        "/en/erasmus-mundus/my-applications/", {"programme": item.pk, "intake_year": "2027"}
    )
    assert "already recorded" in again.content.decode()
    assert MundusApplication.objects.filter(student=people["owner"]).count() == 1


def test_the_office_records_outcomes_and_counts_them_per_year(people, client_as):
    item = builders.programme()
    first = builders.application(people["owner"], item, intake_year=2027)
    builders.application(people["other_applicant"], item, intake_year=2027)
    builders.application(
        people["owner"], builders.programme(name="Other"), intake_year=2026, outcome="rejected"
    )
    office = client_as(people["coordinator"])
    office.post(f"/en/office/erasmus-mundus/{first.pk}/outcome/", {"outcome": "scholarship"})
    counts = {row["year"]: row for row in services.outcome_counts()}
    assert counts[2027]["counts"] == {"applied": 1, "scholarship": 1}
    assert counts[2027]["total"] == 2
    assert counts[2026]["counts"] == {"rejected": 1}


def test_a_student_sees_only_their_own_applications(people, client_as):
    item = builders.programme()
    builders.application(people["other_applicant"], item)
    page = client_as(people["owner"]).get("/en/erasmus-mundus/my-applications/").content.decode()
    assert "You have recorded no application yet." in page


@pytest.mark.parametrize(
    ("role", "status"),
    [
        ("owner", 404),
        ("other_applicant", 404),
        ("evaluator", 404),
        ("coordinator", 200),
        ("partner_contact", 404),
        ("anonymous", 302),
    ],
)
def test_the_office_pages_are_only_the_offices(people, client_as, role, status):
    assert client_as(people[role]).get("/en/office/erasmus-mundus/").status_code == status
    assert client_as(people[role]).get("/en/office/erasmus-mundus/import/").status_code == status


@pytest.mark.parametrize(
    ("role", "status"),
    [
        ("owner", 302),
        ("other_applicant", 404),
        ("evaluator", 404),
        ("coordinator", 404),
        ("partner_contact", 404),
        ("anonymous", 302),
    ],
)
def test_only_the_student_withdraws_their_application(people, client_as, role, status):
    mine = builders.application(people["owner"], builders.programme())
    response = client_as(people[role]).post(
        f"/en/erasmus-mundus/my-applications/{mine.pk}/withdraw/"
    )
    assert response.status_code == status
    mine.refresh_from_db()
    assert (mine.outcome == "withdrawn") is (role == "owner")


def test_an_unpublished_programme_is_not_shown(client, db):
    item = builders.programme(is_published=False)
    assert client.get(f"/en/erasmus-mundus/{item.pk}/").status_code == 404


@pytest.mark.parametrize("language", ["ru", "kk"])
def test_the_pages_are_translated(client, db, language):
    import re

    item = builders.programme()
    for path in (
        f"/{language}/erasmus-mundus/",
        f"/{language}/erasmus-mundus/{item.pk}/",
        f"/{language}/erasmus-mundus/scholarship/?ects=90&call_year=2026",
    ):
        page = re.sub(r'<span lang="en">.*?</span>', "", client.get(path).content.decode())
        for english in (
            "Scholarship",
            "Rules broken",
            "meets the rules",
            "Joint Masters our",
            "months x",
            "Estimate a scholarship",
        ):
            assert english not in page, (path, english)
