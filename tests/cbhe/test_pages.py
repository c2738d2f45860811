"""The capacity-building idea checker (public) and the office's register, per role."""

import re
from datetime import timedelta

import pytest

from erasmusdesk.cbhe.models import ReportingDate
from erasmusdesk.core import clock
from tests.factories import cbhe as builders

IDEA = {
    "strand": "3",
    "call_year": "2025",
    "duration_months": "48",
    "partners": "Université de Montpellier; FR; hei\nUniversidade do Porto; PT; hei\n"
    "Atyrau University; KZ; hei\nKazNU; KZ; hei",
}


def test_the_idea_checker_names_the_broken_rule(client, db):
    page = client.get("/en/capacity-building/check/", IDEA).content.decode()
    assert "Rules broken: 1" in page
    assert "a strand 3 project needs at least 2." in page


def test_the_idea_checker_accepts_a_multi_country_strand_3_idea(client, db):
    partners = (
        IDEA["partners"] + "\nSamarkand State University; UZ; hei\nTashkent University; UZ; hei"
    )
    page = client.get("/en/capacity-building/check/", {**IDEA, "partners": partners})
    assert "The project meets the rules of its call" in page.content.decode()


def test_a_malformed_partner_line_is_refused_with_its_number(client, db):
    response = client.get("/en/capacity-building/check/", {**IDEA, "partners": "Atyrau; KZ"})
    assert response.status_code == 400
    assert "Line 1:" in response.content.decode()


def test_the_register_lists_reports_due_soon_and_marks_them_done(people, client_as):
    project = builders.project(report_in_days=10)
    later = builders.project(title="Later", acronym="LATER", report_in_days=90)
    office = client_as(people["coordinator"])
    page = office.get("/en/office/capacity-building/").content.decode()
    due = page[page.index('id="due-title"') :]
    assert (
        "Interim report" in due and "GREENCASP" in due and "LATER" not in due.split("</section>")[0]
    )
    report = ReportingDate.objects.get(project=project)
    office.post(f"/en/office/capacity-building/{project.pk}/reports/{report.pk}/done/")
    report.refresh_from_db()
    assert report.done is True
    assert later.pk


def test_the_project_page_shows_its_checks_and_our_tasks(people, client_as):
    project = builders.project(duration_months=30)
    page = (
        client_as(people["coordinator"])
        .get(f"/en/office/capacity-building/{project.pk}/")
        .content.decode()
    )
    assert "30 months: a strand 2 project lasts 24 / 36 months." in page
    assert "Two courses" in page


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
def test_the_register_is_only_the_offices(people, client_as, role, status):
    project = builders.project()
    for path in ("/en/office/capacity-building/", f"/en/office/capacity-building/{project.pk}/"):
        assert client_as(people[role]).get(path).status_code == status


@pytest.mark.parametrize("language", ["ru", "kk"])
def test_the_pages_are_translated(people, client_as, language):
    project = builders.project(duration_months=30)
    client = client_as(people["coordinator"])
    for path in (
        f"/{language}/capacity-building/check/?strand=3&call_year=2025&duration_months=48"
        "&partners=A%3B+FR%3B+hei",
        f"/{language}/office/capacity-building/{project.pk}/",
    ):
        page = re.sub(r'<span lang="en">.*?</span>', "", client.get(path).content.decode())
        for english in (
            "Rules broken",
            "months: a strand",
            "Work packages",
            "Reporting dates",
            "rule check",
            "third country",
        ):
            assert english not in page, (path, english)


START = clock.localdate() - timedelta(days=60)
NEW_PROJECT = {
    "title": "Digital teaching in Central Asia",
    "acronym": "DIGICA",
    "reference": "101128999-ERASMUS-EDU-2024-CBHE",
    "strand": "2",
    "call_year": "2024",
    "start": START.isoformat(),
    "duration_months": "36",
    "budget_eur": "800000",
    "our_budget_eur": "95000",
    "partners": "Universidade do Porto; PT; hei; coordinator\nUniversité de Montpellier; FR; hei\n"
    "Atyrau University; KZ; hei\nKazNU; KZ; hei",
    "work_packages": "1; Management; none\n2; Curricula; two courses",
    "reporting_dates": f"{START + timedelta(days=540)}; Interim report\n"
    f"{START + timedelta(days=1110)}; Final report",
}


def test_the_office_registers_a_project_with_its_parts_and_an_audit_entry(people, client_as):
    from erasmusdesk.cbhe.models import CapacityProject
    from erasmusdesk.cbhe.services import PROJECT_REGISTERED
    from erasmusdesk.core.models import AuditEntry

    office = client_as(people["coordinator"])
    response = office.post("/en/office/capacity-building/new/", NEW_PROJECT)
    project = CapacityProject.objects.get(acronym="DIGICA")
    assert response["Location"] == f"/en/office/capacity-building/{project.pk}/"
    assert project.coordinator.name == "Universidade do Porto"
    assert [wp.title for wp in project.work_packages.all()] == ["Management", "Curricula"]
    assert [r.title for r in project.reporting_dates.all()] == ["Interim report", "Final report"]
    entry = AuditEntry.objects.get(action=PROJECT_REGISTERED)
    assert (entry.actor, entry.object_id) == (people["coordinator"], str(project.pk))
    page = office.get(response["Location"]).content.decode()
    assert "two courses" in page and "Final report" in page


@pytest.mark.parametrize(
    ("changes", "field_message"),
    [
        (
            {"partners": "Universidade do Porto; PT; hei\nAtyrau University; KZ; hei"},
            "Mark exactly one partner as the coordinator (now: 0).",
        ),
        (
            {"our_budget_eur": "800000.01"},
            "Our share (800000.01 EUR) cannot be more than the project",
        ),
        (
            {"reporting_dates": f"{START - timedelta(days=1)}; Kick-off report"},
            f"A report cannot be due ({START - timedelta(days=1)}) before the project starts "
            f"({START}).",
        ),
        ({"work_packages": "1; A; x\n1; B; y"}, "Work package 1 is given twice."),
        ({"reporting_dates": "30.06.2026; Interim"}, 'Line 1: write "YYYY-MM-DD; report".'),
        ({"partners": "Porto; GR; hei; coordinator"}, "Greece is written EL in Erasmus+"),
    ],
)
def test_a_refused_project_names_the_rule_and_saves_nothing(
    people, client_as, changes, field_message
):
    from erasmusdesk.cbhe.models import CapacityProject

    response = client_as(people["coordinator"]).post(
        "/en/office/capacity-building/new/", {**NEW_PROJECT, **changes}
    )
    assert response.status_code == 400
    assert field_message in response.content.decode().replace("&#x27;", "'").replace("&quot;", '"')
    assert not CapacityProject.objects.filter(acronym="DIGICA").exists()


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
def test_registering_is_only_the_offices(people, client_as, role, status):
    from erasmusdesk.cbhe.models import CapacityProject

    client = client_as(people[role])
    assert client.get("/en/office/capacity-building/new/").status_code == status
    response = client.post("/en/office/capacity-building/new/", NEW_PROJECT)
    assert response.status_code == (302 if role in ("coordinator", "anonymous") else 404)
    registered = CapacityProject.objects.filter(acronym="DIGICA").exists()
    assert registered is (role == "coordinator")
