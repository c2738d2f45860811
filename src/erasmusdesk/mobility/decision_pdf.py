"""The recognition decision as a PDF for the participant's file (fpdf2, core.pdf)."""

from django.utils import translation
from django.utils.translation import gettext as _

from erasmusdesk.core.pdf import a4_document, write_fact, write_text
from erasmusdesk.mobility.models import Recognition


def recognition_pdf(recognition: Recognition, language: str = "en") -> bytes:
    mobility = recognition.mobility
    with translation.override(language):
        pdf = a4_document(_("Recognition decision"), language)
        write_text(pdf, _("Recognition decision"), size=16, bold=True)
        write_fact(pdf, _("Participant"), mobility.participant_name)
        write_fact(pdf, _("Sending institution"), mobility.sending_hei.name)
        write_fact(pdf, _("Receiving institution"), mobility.receiving_hei.name)
        write_fact(pdf, _("Academic year"), mobility.receiving_academic_year_id)
        write_fact(pdf, _("Decision"), str(recognition.get_decision_display()))
        if recognition.reasons:
            write_fact(pdf, _("Reasons"), recognition.reasons)
        write_fact(pdf, _("Mobility id (EWP)"), str(mobility.omobility_id))
        for item in recognition.items.select_related("component"):
            write_text(pdf, "")
            write_text(pdf, item.component.title, bold=True)
            write_fact(pdf, _("ECTS credits recognised"), str(item.credits))
            write_fact(pdf, _("Host grade"), item.host_grade)
            write_fact(pdf, _("Home grade"), item.converted_grade)
            write_fact(pdf, _("Explanation"), item.explanation)
        return bytes(pdf.output())
