"""The office edits the catalogue in the back office, each language on its own."""

import pytest

from erasmusdesk.catalogue.models import Opportunity

pytestmark = pytest.mark.django_db


def _form_data(opportunity: Opportunity) -> dict:
    fields = ["slug", "kind", "position", "sources", "ects_options"]
    data = {name: getattr(opportunity, name) for name in fields}
    data["is_published"] = "on"
    data["parent"] = opportunity.parent_id or ""
    data["travel_support"] = "on" if opportunity.travel_support else ""
    for name in [
        "duration_min_months",
        "duration_max_months",
        "monthly_grant_min_eur",
        "monthly_grant_max_eur",
        "max_grant_eur",
        "min_teaching_hours",
        "min_partners",
        "min_countries",
        "funding_rate_percent",
    ]:
        value = getattr(opportunity, name)
        data[name] = "" if value is None else value
    for code in ("en", "ru", "kk"):
        for name in ("title", "summary", *Opportunity.SECTIONS):
            data[f"{name}_{code}"] = getattr(opportunity, f"{name}_{code}") or ""
    figures = list(opportunity.call_year_figures.all())
    data.update(
        {
            "call_year_figures-TOTAL_FORMS": str(len(figures)),
            "call_year_figures-INITIAL_FORMS": str(len(figures)),
            "call_year_figures-MIN_NUM_FORMS": "0",
            "call_year_figures-MAX_NUM_FORMS": "1000",
        }
    )
    for index, figure in enumerate(figures):
        for name in (
            "id",
            "first_call_year",
            "last_call_year",
            "max_grant_eur",
            "funding_rate_percent",
            "source",
        ):
            value = getattr(figure, name)
            data[f"call_year_figures-{index}-{name}"] = "" if value is None else value
        data[f"call_year_figures-{index}-opportunity"] = opportunity.pk
    return data


def test_change_form_has_a_section_per_language(client_as, people, demo):
    opportunity = Opportunity.objects.get(slug="erasmus-mundus-joint-masters")
    content = (
        client_as(people["coordinator"])
        .get(f"/en/admin/catalogue/opportunity/{opportunity.pk}/change/")
        .content.decode()
    )
    for code in ("en", "ru", "kk"):
        assert f'name="title_{code}"' in content
        assert f'name="how_to_apply_{code}"' in content


def test_coordinator_edits_the_kazakh_text_and_the_site_shows_it(client_as, people, demo):
    client = client_as(people["coordinator"])
    opportunity = Opportunity.objects.get(slug="erasmus-mundus-joint-masters")
    data = _form_data(opportunity)
    data["title_kk"] = "Эразмус Мундус бірлескен магистратурасы (жаңа)"
    response = client.post(f"/en/admin/catalogue/opportunity/{opportunity.pk}/change/", data)
    assert response.status_code == 302
    page = client.get("/kk/opportunities/erasmus-mundus-joint-masters/").content.decode()
    assert "<h1>Эразмус Мундус бірлескен магистратурасы (жаңа)</h1>" in page
    english = client.get("/en/opportunities/erasmus-mundus-joint-masters/").content.decode()
    assert "(жаңа)" not in english


def test_inverted_duration_range_is_refused_with_a_message(client_as, people, demo):
    client = client_as(people["coordinator"])
    opportunity = Opportunity.objects.get(slug="international-credit-mobility")
    data = _form_data(opportunity)
    data["duration_min_months"] = 13
    response = client.post(f"/en/admin/catalogue/opportunity/{opportunity.pk}/change/", data)
    assert response.status_code == 200
    assert "The shortest duration must not exceed the longest duration." in (
        response.content.decode()
    )
    opportunity.refresh_from_db()
    assert opportunity.duration_min_months == 3


def test_missing_russian_text_falls_back_to_english(client, demo):
    Opportunity.objects.filter(slug="jean-monnet-networks").update(summary_ru="")
    opportunity = Opportunity.objects.get(slug="jean-monnet-networks")
    page = client.get("/ru/opportunities/jean-monnet-networks/").content.decode()
    assert opportunity.summary_en in page
