"""Demo partner universities and agreements (demo_partners.toml), loaded idempotently."""

import tomllib
from datetime import date
from pathlib import Path

from django.db import transaction

from erasmusdesk.institutions.models import (
    Agreement,
    AgreementStatus,
    Contact,
    Institution,
    MobilityCondition,
    OrganisationalUnit,
)
from erasmusdesk.institutions.services import save_agreement

DATA_FILE = Path(__file__).resolve().parent / "demo_partners.toml"
_INSTITUTION_KEYS = (
    "name_en",
    "name_ru",
    "name_kk",
    "name_original",
    "country",
    "city_en",
    "city_ru",
    "city_kk",
    "erasmus_code",
    "ewp_hei_id",
    "website",
)
_CONDITION_KEYS = (
    "direction",
    "mobility_type",
    "isced_code",
    "mobilities_per_year",
    "total_months_per_year",
    "total_days_per_year",
    "language",
    "cefr_level",
)


def read_partners(path: Path = DATA_FILE) -> list[dict]:
    return tomllib.loads(path.read_text(encoding="utf-8"))["partner"]


# The academic year of the open call the data file's agreement years are written for.
WRITTEN_FOR = 2026


@transaction.atomic
def load_demo_partners(open_year: int = WRITTEN_FOR) -> int:
    """Create the partners that do not exist yet (matched by Erasmus code), each with its
    contact, units and agreement, the agreement years moved as many years as the demo's open
    call (``open_year``) is after 2026/2027; return how many were created."""
    created = 0
    for data in read_partners():
        shift = open_year - WRITTEN_FOR
        data = {
            **data,
            "first_academic_year": data["first_academic_year"] + shift,
            "last_academic_year": data["last_academic_year"] + shift,
        }
        if Institution.objects.filter(erasmus_code=data["erasmus_code"]).exists():
            continue
        partner = Institution(
            **{key: data[key] for key in _INSTITUTION_KEYS},
            name=data["name_en"],
            city=data["city_en"],
        )
        partner.full_clean()
        partner.save()
        signer = Contact.objects.create(
            institution=partner,
            name=data["contact_name"],
            role=data["contact_role"],
            email=data["contact_email"],
            phone=data.get("contact_phone", ""),
        )
        for name in data.get("units", []):
            OrganisationalUnit.objects.create(institution=partner, name=name, name_en=name)
        _agreement(partner, signer, data)
        created += 1
    return created


def _agreement(partner: Institution, signer: Contact, data: dict) -> Agreement:
    signed = data["status"] == AgreementStatus.SIGNED
    agreement = Agreement(
        partner=partner,
        first_academic_year=data["first_academic_year"],
        last_academic_year=data["last_academic_year"],
        status=data["status"],
        partner_signer=signer if signed else None,
        home_signed_on=date(data["first_academic_year"], 3, 1) if signed else None,
        partner_signed_on=date(data["first_academic_year"], 3, 15) if signed else None,
    )
    conditions = [
        MobilityCondition(
            **{key: condition[key] for key in _CONDITION_KEYS if condition.get(key) is not None},
            eqf_levels=",".join(condition.get("eqf_levels", [])),
        )
        for condition in data["condition"]
    ]
    return save_agreement(agreement, conditions)
