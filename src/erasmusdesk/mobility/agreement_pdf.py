"""The learning agreement as a PDF in the layout of the European Commission's Learning
Agreement for Studies (2021-2027 template): the student, the sending and the receiving
institution; "Before the mobility" with Table A (study programme at the receiving
institution), Table B (recognition at the sending institution) and Table C (virtual
components); the commitment with the three signatures; "During the mobility" with the
exceptional changes (component, deleted or added, reason) of a change proposal. Traineeships
and staff get their work plan or programme in place of the tables (Learning Agreement for
Traineeships; Mobility Agreement).
"""

from django.utils import translation
from django.utils.translation import gettext as _
from fpdf.fonts import FontFace

from erasmusdesk.core.pdf import FONT, a4_document, write_fact, write_text
from erasmusdesk.mobility.learning import content_digest
from erasmusdesk.mobility.models import LearningAgreement, SignerParty, Table

TITLES = {
    "student-studies": "Learning Agreement – Student Mobility for Studies",
    "student-traineeship": "Learning Agreement – Student Mobility for Traineeships",
    "staff-teaching": "Mobility Agreement – Staff Mobility for Teaching",
    "staff-training": "Mobility Agreement – Staff Mobility for Training",
}


def _table(pdf, headings: list[str], rows: list[list[str]]) -> None:
    pdf.set_font(FONT, "", 9)
    with pdf.table(
        headings_style=FontFace(emphasis="BOLD"), col_widths=(18, 52, 20, 10), line_height=5
    ) as table:
        row = table.row()
        for heading in headings:
            row.cell(heading)
        for values in rows:
            row = table.row()
            for value in values:
                row.cell(value)
    pdf.ln(2)


def learning_agreement_pdf(agreement: LearningAgreement, language: str = "en") -> bytes:
    mobility = agreement.mobility
    with translation.override(language):
        pdf = a4_document(TITLES[mobility.activity_type], language)
        write_text(pdf, TITLES[mobility.activity_type], size=15, bold=True)
        write_text(
            pdf,
            _("Version %(number)s · %(status)s")
            % {"number": agreement.number, "status": agreement.get_status_display()},
        )
        write_text(pdf, _("Participant"), size=12, bold=True)
        write_fact(pdf, _("Participant"), mobility.participant_name)
        write_fact(pdf, _("E-mail"), mobility.email)
        write_fact(pdf, _("Field of education (ISCED-F)"), mobility.isced_f_code)
        write_fact(pdf, _("Study cycle (EQF)"), mobility.eqf_level_studied_at_departure)
        for label, institution, unit in (
            (_("Sending institution"), mobility.sending_hei, mobility.sending_ounit),
            (_("Receiving institution"), mobility.receiving_hei, mobility.receiving_ounit),
        ):
            write_text(pdf, label, size=12, bold=True)
            write_fact(pdf, _("Name"), institution.name)
            write_fact(pdf, _("Erasmus code"), institution.erasmus_code or "")
            if unit:
                write_fact(pdf, _("Faculty or department"), unit.name)
        write_fact(
            pdf,
            _("Planned period"),
            f"{mobility.planned_arrival_date.isoformat()} – "
            f"{mobility.planned_departure_date.isoformat()}",
        )
        write_text(pdf, _("Before the mobility"), size=12, bold=True)
        if agreement.work_plan:
            write_fact(pdf, _("Work plan or programme"), agreement.work_plan)
        if agreement.knowledge_and_skills:
            write_fact(pdf, _("Knowledge, skills and competences"), agreement.knowledge_and_skills)
        if agreement.mentor:
            write_fact(pdf, _("Mentor"), agreement.mentor)
        if agreement.hours_per_week:
            write_fact(pdf, _("Hours a week"), str(agreement.hours_per_week))
        if agreement.teaching_hours is not None:
            write_fact(pdf, _("Teaching hours in total"), str(agreement.teaching_hours))
        components = list(agreement.components.all())
        headings = [_("Code"), _("Title"), _("Term"), "ECTS"]
        for value, label in Table.choices:
            chosen = [c for c in components if c.table == value and c.status != "deleted"]
            if not chosen:
                continue
            write_text(pdf, str(label), bold=True)
            _table(
                pdf,
                headings,
                [[c.los_code, c.title, c.term_id, str(c.credits)] for c in chosen],
            )
        changed = [c for c in components if c.status]
        if changed:
            write_text(pdf, _("During the mobility"), size=12, bold=True)
            _table(
                pdf,
                [_("Code"), _("Title"), _("Change"), "ECTS"],
                [
                    [
                        c.los_code,
                        f"{c.title} ({c.get_reason_code_display()})",
                        str(c.get_status_display()),
                        str(c.credits),
                    ]
                    for c in changed
                ],
            )
        write_text(pdf, _("Commitment"), size=12, bold=True)
        write_text(
            pdf,
            _(
                "By signing, the participant, the sending and the receiving institution "
                "confirm that they approve this learning agreement and will comply with the "
                "arrangements agreed by all parties."
            ),
            size=9,
        )
        digest = content_digest(agreement)
        signed = {s.party: s for s in agreement.signatures.filter(sha256=digest, approved=True)}
        for party, label in SignerParty.choices:
            signature = signed.get(party)
            text = (
                f"{signature.signer_name}, {signature.signer_position}, {signature.signer_email}"
                f" · {signature.timestamp.isoformat(timespec='minutes')}"
                if signature
                else _("not signed yet")
            )
            write_fact(pdf, str(label).capitalize(), text)
        write_text(pdf, f"SHA-256: {digest}", size=8)
        return bytes(pdf.output())
