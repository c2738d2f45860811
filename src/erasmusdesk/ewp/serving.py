"""What our node answers: the documents of the APIs built from the institutions app's data.

IIAs v7: an agreement is served to the partner it binds, and only to it (the caller's HEIs
come from the registry, by its key). The id of an agreement is its ``ewp_iia_id`` when the
office gave one, else its number.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime

from django.db.models import Q

from erasmusdesk.ewp import documents, iia_hash, node
from erasmusdesk.institutions.models import (
    Agreement,
    AgreementStatus,
    Direction,
    MobilityType,
    OrganisationalUnit,
)
from erasmusdesk.institutions.models.agreement import academic_year_label

KIND = {
    MobilityType.STUDENT_STUDIES: "student-studies",
    MobilityType.STUDENT_TRAINEESHIP: "student-traineeship",
    MobilityType.STAFF_TEACHING: "staff-teacher",
    MobilityType.STAFF_TRAINING: "staff-training",
}


def iia_id_of(agreement: Agreement) -> str:
    return agreement.ewp_iia_id or str(agreement.pk)


def agreements_for(partner_heis: Iterable[str]):
    """Our agreements with these partners that EWP shows (drafts are the office's own)."""
    return Agreement.objects.filter(partner__ewp_hei_id__in=list(partner_heis)).exclude(
        status=AgreementStatus.DRAFT
    )


def iia_index(
    partner_heis: Iterable[str],
    *,
    modified_since: datetime | None = None,
    years: Iterable[int] = (),
) -> bytes:
    """IIAs v7 index; ``years`` (first years of ``receiving_academic_year_id``) keeps the
    agreements valid in at least one of them."""
    agreements = agreements_for(partner_heis)
    years = list(years)
    if years:
        in_year = Q()
        for year in years:
            in_year |= Q(first_academic_year__lte=year, last_academic_year__gte=year)
        agreements = agreements.filter(in_year)
    if modified_since is not None:
        agreements = agreements.filter(updated__gt=modified_since)
    ids = [iia_id or str(pk) for pk, iia_id in agreements.values_list("pk", "ewp_iia_id")]
    return documents.iias_index_response(ids)


def agreements_by_ids(partner_heis: Iterable[str], iia_ids: list[str]):
    numbers = [int(i) for i in iia_ids if i.isdigit()]
    return (
        agreements_for(partner_heis)
        .filter(Q(ewp_iia_id__in=iia_ids) | Q(ewp_iia_id="", pk__in=numbers))
        .select_related("partner", "home_signer", "partner_signer")
        .prefetch_related("conditions__receiving_unit")
    )


def iia_data(agreement: Agreement) -> documents.IiaData:
    ours, theirs = node.hei_id(), agreement.partner.ewp_hei_id
    specs = []
    for condition in agreement.conditions.all():
        outgoing = condition.direction == Direction.OUTGOING
        specs.append(
            documents.IiaSpec(
                kind=KIND[condition.mobility_type],
                sending_hei_id=ours if outgoing else theirs,
                receiving_hei_id=theirs if outgoing else ours,
                receiving_ounit_id=str(condition.receiving_unit_id or ""),
                first_year=academic_year_label(agreement.first_academic_year),
                last_year=academic_year_label(agreement.last_academic_year),
                mobilities_per_year=condition.mobilities_per_year,
                isced_code=condition.isced_code,
                language=condition.language,
                cefr_level=condition.cefr_level,
                other_terms=condition.other_terms,
                total_months=_number(condition.total_months_per_year),
                total_days=str(condition.total_days_per_year or ""),
                eqf_levels=condition.eqf_level_list if condition.is_student_mobility else [],
            )
        )
    home_signer, partner_signer = agreement.home_signer, agreement.partner_signer
    return documents.IiaData(
        partners=(
            documents.IiaPartner(
                hei_id=ours,
                iia_id=iia_id_of(agreement),
                signing_name=home_signer.name if home_signer else "",
                signing_email=home_signer.email if home_signer else "",
                signing_date=agreement.home_signed_on.isoformat()
                if agreement.home_signed_on
                else "",
            ),
            documents.IiaPartner(
                hei_id=theirs,
                signing_name=partner_signer.name if partner_signer else "",
                signing_email=partner_signer.email if partner_signer else "",
                signing_date=agreement.partner_signed_on.isoformat()
                if agreement.partner_signed_on
                else "",
            ),
        ),
        in_effect=agreement.status == AgreementStatus.SIGNED,
        specs=specs,
        pdf_file=file_id_of(agreement) if agreement.signed_pdf else "",
    )


def file_id_of(agreement: Agreement) -> str:
    """The File API id of the agreement's signed PDF (the IIA's ``pdf-file``)."""
    return f"iia-{agreement.pk}-pdf"


def signed_pdf(partner_heis: Iterable[str], file_id: str) -> bytes | None:
    """The signed PDF named ``file_id``, to the agreement's partner only; else None."""
    if not (file_id.startswith("iia-") and file_id.endswith("-pdf")):
        return None
    number = file_id[4:-4]
    if not number.isdigit():
        return None
    agreement = agreements_for(partner_heis).filter(pk=int(number)).first()
    if agreement is None or not agreement.signed_pdf:
        return None
    with agreement.signed_pdf.open("rb") as handle:
        return handle.read()


def _number(value) -> str:
    if value is None:
        return ""
    return str(int(value)) if value == int(value) else str(value)


def hash_of_single(single_document: bytes) -> str:
    return next(iter(iia_hash.hashes(single_document).values()))


def iia_get(partner_heis: Iterable[str], iia_ids: list[str]) -> bytes:
    return documents.iias_get_response(
        (iia_data(a) for a in agreements_by_ids(partner_heis, iia_ids)), hash_of=hash_of_single
    )


def current_hash(agreement: Agreement) -> str:
    """The ``iia-hash`` of the agreement as we serve it now."""
    return hash_of_single(documents.iias_get_response([iia_data(agreement)]))


def iias_approval(partner_heis: Iterable[str], iia_ids: list[str]) -> bytes:
    """IIA Approval v2: which of the caller's agreements (by the caller's ids) we approved,
    and at which hash."""
    from erasmusdesk.ewp.models import PartnerIia, PartnerIiaState

    approved = PartnerIia.objects.filter(
        partner_hei_id__in=list(partner_heis),
        partner_iia_id__in=iia_ids,
        state=PartnerIiaState.APPROVED,
    ).values_list("partner_iia_id", "approved_hash")
    return documents.iias_approval_response(approved)


def institutions(hei_ids: list[str]) -> bytes:
    home = node.home()
    heis = []
    if home is not None and node.hei_id() in hei_ids:
        names = [(home.name, "en")]
        if home.name_original and home.name_original != home.name:
            names.append((home.name_original, ""))
        heis.append(
            documents.HeiData(
                hei_id=node.hei_id(),
                names=names,
                erasmus_code=home.erasmus_code or "",
                website=home.website,
                ounit_ids=[str(pk) for pk in home.units.values_list("pk", flat=True)],
            )
        )
    return documents.institutions_response(heis)


def ounits(*, ounit_ids: list[str] = (), ounit_codes: list[str] = ()) -> bytes:
    home = node.home()
    units = OrganisationalUnit.objects.none()
    if home is not None:
        numbers = [int(i) for i in ounit_ids if i.isdigit()]
        units = home.units.filter(Q(pk__in=numbers) | Q(code__in=list(ounit_codes), code__gt=""))
    return documents.ounits_response(
        documents.OunitData(str(u.pk), u.code or str(u.pk), u.name) for u in units
    )
