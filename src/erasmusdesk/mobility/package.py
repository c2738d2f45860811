"""The nomination package the host downloads: the participant's data and the documents of
the application that the call requires (those the office did not reject), as one ZIP.

The data file is plain UTF-8 text in English, the language of the exchange, with the
fields of the EWP ``student`` and ``nomination`` elements (OMobilities v3).
"""

import io
import zipfile

from django.utils import translation

from erasmusdesk.applications.models import Review
from erasmusdesk.applications.uploads import document_storage
from erasmusdesk.mobility.models import Mobility


def _data(mobility: Mobility) -> str:
    with translation.override("en"):
        rows = [
            ("Mobility id (EWP omobility-id)", str(mobility.omobility_id)),
            ("Given names", mobility.given_names),
            ("Family name", mobility.family_name),
            ("Date of birth", mobility.birth_date.isoformat() if mobility.birth_date else ""),
            ("E-mail", mobility.email),
            ("Sending institution", mobility.sending_hei.name),
            ("Receiving institution", mobility.receiving_hei.name),
            (
                "Receiving unit",
                mobility.receiving_ounit.name if mobility.receiving_ounit_id else "",
            ),
            ("Type", mobility.get_activity_type_display()),
            ("Format", mobility.get_activity_attributes_display()),
            ("Academic year", mobility.receiving_academic_year_id),
            ("Planned arrival", mobility.planned_arrival_date.isoformat()),
            ("Planned departure", mobility.planned_departure_date.isoformat()),
            ("Subject area (ISCED-F 2013)", mobility.isced_f_code),
            ("EQF level", mobility.eqf_level_studied_at_departure),
            ("Language and CEFR level", f"{mobility.language} {mobility.cefr_level}".strip()),
            ("Comment", mobility.comment),
        ]
    return "".join(f"{label}: {value}\n" for label, value in rows)


def package_zip(mobility: Mobility) -> bytes:
    """The ZIP: ``nomination.txt`` and the application's documents under their names."""
    buffer = io.BytesIO()
    storage = document_storage()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("nomination.txt", _data(mobility))
        if mobility.application_id:
            used = set()
            for document in (
                mobility.application.documents.exclude(review=Review.REJECTED)
                .select_related("document_type")
                .order_by("document_type__position", "slot")
            ):
                name = f"{document.document_type.code}-{document.slot}-{document.display_name}"
                if name in used:
                    continue
                used.add(name)
                with storage.open(document.file.name, "rb") as handle:
                    archive.writestr(f"documents/{name}", handle.read())
    return buffer.getvalue()
