"""A summary of a Jean Monnet proposal as a PDF: the facts, the team, the teaching plan,
the partners, the work plan, the files attached (name, size, fingerprint) and the rules it
meets or breaks (Roboto: Kazakh letters too)."""

from django.utils import translation
from django.utils.translation import gettext as _

from erasmusdesk.applications.uploads import size_text
from erasmusdesk.core.pdf import a4_document, write_fact, write_text
from erasmusdesk.core.source_notes import translated_source
from erasmusdesk.jeanmonnet import services
from erasmusdesk.jeanmonnet.explain import action_label


def proposal_pdf(proposal, language: str) -> bytes:
    with translation.override(language):
        pdf = a4_document(proposal.title, language)
        write_text(pdf, _("Jean Monnet proposal"), size=9)
        write_text(pdf, proposal.title, size=15, bold=True)
        pdf.ln(2)
        write_fact(pdf, _("Action"), action_label(proposal.action))
        write_fact(pdf, _("Call year"), str(proposal.call_year))
        write_fact(pdf, _("State"), str(proposal.get_state_display()))
        write_fact(pdf, _("Position of the holder"), str(proposal.get_holder_position_display()))
        write_fact(pdf, _("Duration (months)"), str(proposal.duration_months or "—"))
        write_fact(
            pdf,
            _("EU grant requested (EUR)"),
            f"{proposal.requested_eur:.2f}" if proposal.requested_eur is not None else "—",
        )
        if proposal.commission_deadline:
            write_fact(
                pdf, _("The Commission's deadline"), proposal.commission_deadline.isoformat()
            )
            write_fact(pdf, _("Internal deadline"), proposal.internal_deadline.isoformat())
        write_fact(
            pdf, _("Team"), "\n".join(f"{m.name} — {m.role}" for m in proposal.team.all()) or "—"
        )
        write_fact(
            pdf,
            _("Teaching plan"),
            "\n".join(
                _("Year %(year)s: %(course)s, %(hours)s h")
                % {"year": line.academic_year, "course": line.course, "hours": line.hours}
                for line in proposal.teaching.all()
            )
            or "—",
        )
        write_fact(
            pdf,
            _("Partners"),
            "\n".join(f"{p.name} ({p.country})" for p in proposal.partners.all()) or "—",
        )
        if proposal.work_plan:
            write_fact(pdf, _("Work plan"), proposal.work_plan)
        write_fact(
            pdf,
            _("Documents attached"),
            "\n".join(
                _("%(document)s: %(name)s (%(size)s, SHA-256 %(sha256)s)")
                % {
                    "document": file.label,
                    "name": file.display_name,
                    "size": size_text(file.size),
                    "sha256": file.sha256[:16],
                }
                for file in proposal.files.all()
            )
            or "—",
        )
        rules, problems = services.check_saved_proposal(proposal)
        pdf.ln(2)
        write_text(pdf, _("Rules of the call"), size=12, bold=True)
        if problems:
            for problem in problems:
                write_text(pdf, f"• {problem.field_label}: {problem.detail}")
        else:
            write_text(pdf, _("The proposal meets every rule of its action and call year."))
        if rules:
            write_text(
                pdf, _("Source: %(source)s") % {"source": translated_source(rules.source)}, size=8
            )
        return bytes(pdf.output())
