"""The stay, the transcript and the recognition pages: the host's contact confirms the
dates and enters the transcript; the office does the same from the host's documents and
recognises the credits; the participant reads what was recognised and why. Thin: they read,
call a service (``services``, ``records``) and redirect (PRG)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from erasmusdesk.core.access import office_required
from erasmusdesk.core.errors import DomainError
from erasmusdesk.core.forms import add_domain_error
from erasmusdesk.core.middleware import accepts_body
from erasmusdesk.mobility import attendance, learning, records, services
from erasmusdesk.mobility.access import (
    CHANGE_PERMISSION,
    RELATED,
    VIEW_PERMISSION,
    HostPages,
    host_mobility,
    linked_mobility,
    own_mobility,
)
from erasmusdesk.mobility.decision_pdf import recognition_pdf
from erasmusdesk.mobility.forms import CertificateForm, DateForm, RecognitionForm, TranscriptForm
from erasmusdesk.mobility.models import (
    AttendanceCertificate,
    ComponentStatus,
    Mobility,
    Recognition,
    Table,
)
from erasmusdesk.mobility.states import MobilityState, Party

change_required = office_required(CHANGE_PERMISSION)


def _office_mobility(omobility_id) -> Mobility:
    return get_object_or_404(Mobility.objects.select_related(*RELATED), omobility_id=omobility_id)


# The stay -----------------------------------------------------------------------------------


def _confirm(request, mobility, party, back, *, by, by_name=""):
    form = DateForm(request.POST)
    what = request.POST.get("what")
    if not form.is_valid():
        messages.error(request, _("Give the date (day, month, year)."))
        return redirect(back)
    try:
        if what == "arrival":
            services.confirm_arrival(
                mobility, on=form.cleaned_data["on"], by=by, party=party, by_name=by_name
            )
        elif what == "departure":
            services.confirm_departure(
                mobility, on=form.cleaned_data["on"], by=by, party=party, by_name=by_name
            )
        else:
            raise Http404
    except DomainError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("The date is confirmed."))
    return redirect(back)


@login_required
@require_POST
def host_stay(request: HttpRequest, omobility_id) -> HttpResponse:
    mobility = host_mobility(request.user, omobility_id)
    return _confirm(request, mobility, Party.HOST, HostPages.of(mobility).detail, by=request.user)


@require_POST
def link_stay(request: HttpRequest, token: str) -> HttpResponse:
    mobility, email = linked_mobility(token)
    back = HostPages.of(mobility, token).detail
    return _confirm(request, mobility, Party.HOST, back, by=None, by_name=email)


@change_required
@require_POST
def office_stay(request: HttpRequest, omobility_id) -> HttpResponse:
    mobility = _office_mobility(omobility_id)
    return _confirm(
        request,
        mobility,
        Party.OFFICE,
        reverse("mobility_office:detail", args=[mobility.omobility_id]),
        by=request.user,
    )


# The transcript -----------------------------------------------------------------------------


def _line(result) -> str:
    passed = "yes" if result.passed else "no"
    return f"{result.los_code}; {result.title}; {result.credits}; {result.grade}; {passed}"


def _transcript(request, mobility, *, party, office, back, by, by_name=""):
    transcript = getattr(mobility, "transcript", None)
    if request.method == "POST":
        form = TranscriptForm(request.POST, request.FILES, office=office)
        if form.is_valid():
            data = form.cleaned_data
            try:
                with_table = data["grading_table"].strip()
                shares = records.parse_shares(data["grading_table"]) if with_table else None
                lines = records.parse_results(data["results"])
                records.enter_transcript(
                    mobility,
                    issue_date=data["issue_date"],
                    grading_scheme=data["grading_scheme"],
                    results=lines,
                    pdf=data.get("pdf"),
                    by=by,
                    party=party,
                    by_name=by_name,
                )
                if shares is not None:
                    records.save_grading_table(
                        mobility.receiving_hei,
                        isced_f_code=mobility.isced_f_code,
                        eqf_level=mobility.eqf_level_studied_at_departure,
                        grading_scheme=data["grading_scheme"],
                        years=data["years"],
                        shares=shares,
                        by=by,
                    )
            except DomainError as error:
                add_domain_error(form, error)
            else:
                messages.success(request, _("The transcript of records is saved."))
                return redirect(back)
        status = 400
    else:
        initial = {}
        if transcript is not None:
            initial = {
                "issue_date": transcript.issue_date,
                "grading_scheme": transcript.grading_scheme,
                "results": "\n".join(_line(r) for r in transcript.results.all()),
            }
        form = TranscriptForm(initial=initial, office=office)
        status = 200
    return render(
        request,
        "mobility/transcript.html",
        {
            "mobility": mobility,
            "form": form,
            "back": back,
            "open": mobility.state in records.TRANSCRIPT_STAGES,
        },
        status=status,
    )


@login_required
@require_http_methods(["GET", "POST"])
def host_transcript(request: HttpRequest, omobility_id) -> HttpResponse:
    mobility = host_mobility(request.user, omobility_id)
    return _transcript(
        request,
        mobility,
        party=Party.HOST,
        office=False,
        back=HostPages.of(mobility).detail,
        by=request.user,
    )


@require_http_methods(["GET", "POST"])
def link_transcript(request: HttpRequest, token: str) -> HttpResponse:
    mobility, email = linked_mobility(token)
    return _transcript(
        request,
        mobility,
        party=Party.HOST,
        office=False,
        back=HostPages.of(mobility, token).detail,
        by=None,
        by_name=email,
    )


@change_required
@require_http_methods(["GET", "POST"])
@accepts_body(None)  # the host's PDF: up to the site-wide upload cap (core/middleware.py)
def office_transcript(request: HttpRequest, omobility_id) -> HttpResponse:
    mobility = _office_mobility(omobility_id)
    return _transcript(
        request,
        mobility,
        party=Party.OFFICE,
        office=True,
        back=reverse("mobility_office:detail", args=[mobility.omobility_id]),
        by=request.user,
    )


# The recognition ----------------------------------------------------------------------------


def _table_b(mobility):
    agreement = learning.approved(mobility)
    if agreement is None:
        return []
    return list(agreement.components.filter(table=Table.B).exclude(status=ComponentStatus.DELETED))


def _previews(mobility, form, results):
    """Each component's conversion as the form selects it, explained (or why not)."""
    host, home = (records.shares_of(t) for t in records.conversion_tables(mobility))
    by_pk = {str(r.pk): r for r in results}
    found = {}
    for component in form.components:
        field = form[f"results_{component.pk}"]
        chosen = field.value() or []
        selected = [by_pk[pk] for pk in chosen if pk in by_pk]
        found[component.pk] = records.explain_conversion(selected, host, home)
    return found, host is not None, home is not None


@change_required
@require_http_methods(["GET", "POST"])
def recognition(request: HttpRequest, omobility_id) -> HttpResponse:
    mobility = _office_mobility(omobility_id)
    transcript = getattr(mobility, "transcript", None)
    results = list(transcript.results.all()) if transcript else []
    components = _table_b(mobility)
    form = RecognitionForm(request.POST or None, components=components, results=results)
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            data = form.cleaned_data
            by_pk = {str(r.pk): r for r in results}
            items = [
                records.Item(
                    component,
                    [by_pk[pk] for pk in data[f"results_{component.pk}"]],
                    data[f"credits_{component.pk}"],
                    manual_grade=data[f"grade_{component.pk}"],
                    manual_reason=data[f"why_{component.pk}"],
                )
                for component in components
            ]
            try:
                records.recognise(
                    mobility,
                    decision=data["decision"],
                    reasons=data["reasons"],
                    items=items,
                    by=request.user,
                )
            except DomainError as error:
                add_domain_error(form, error)
            else:
                messages.success(request, _("The recognition is recorded."))
                return redirect("mobility_office:detail", omobility_id=mobility.omobility_id)
    previews, host_table, home_table = _previews(mobility, form, results)
    return render(
        request,
        "mobility/office/recognition.html",
        {
            "mobility": mobility,
            "transcript": transcript,
            "form": form,
            "rows": [(row, previews.get(row[0].pk)) for row in form.rows()],
            "host_table": host_table,
            "home_table": home_table,
            "open": mobility.state == MobilityState.TRANSCRIPT_RECEIVED,
        },
        status=status,
    )


def _pdf_response(recognition_row: Recognition, language: str) -> HttpResponse:
    response = HttpResponse(
        recognition_pdf(recognition_row, language), content_type="application/pdf"
    )
    response["Content-Disposition"] = (
        f'attachment; filename="recognition-{recognition_row.mobility.omobility_id}.pdf"'
    )
    response["Cache-Control"] = "private, no-store"
    return response


@login_required
def participant_pdf(request: HttpRequest, omobility_id) -> HttpResponse:
    mobility = own_mobility(request.user, omobility_id)
    found = get_object_or_404(Recognition, mobility=mobility)
    return _pdf_response(found, translation.get_language())


@office_required(VIEW_PERMISSION)
def office_pdf(request: HttpRequest, omobility_id) -> HttpResponse:
    mobility = _office_mobility(omobility_id)
    found = get_object_or_404(Recognition, mobility=mobility)
    return _pdf_response(found, translation.get_language())


# The certificate of attendance --------------------------------------------------------------


@login_required
@require_POST
def upload_certificate(request: HttpRequest, omobility_id) -> HttpResponse:
    mobility = own_mobility(request.user, omobility_id)
    form = CertificateForm(request.POST, request.FILES)
    if not form.is_valid():
        messages.error(request, " ".join(e for errors in form.errors.values() for e in errors))
        return redirect(mobility)
    data = form.cleaned_data
    try:
        attendance.upload_certificate(
            mobility,
            data["file"].read(),
            arrival=data["arrival_date"],
            departure=data["departure_date"],
            by=request.user,
        )
    except DomainError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("The certificate is uploaded: the office checks it."))
    return redirect(mobility)


@change_required
@require_POST
def decide_certificate(request: HttpRequest, omobility_id, certificate_id: int) -> HttpResponse:
    mobility = _office_mobility(omobility_id)
    certificate = get_object_or_404(AttendanceCertificate, pk=certificate_id, mobility=mobility)
    try:
        attendance.decide_certificate(
            certificate,
            accept=request.POST.get("decision") == "accept",
            reason=request.POST.get("reason", ""),
            by=request.user,
        )
    except DomainError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("The certificate is decided."))
    return redirect("mobility_office:detail", omobility_id=mobility.omobility_id)


@office_required(VIEW_PERMISSION)
def certificate_file(request: HttpRequest, omobility_id, certificate_id: int) -> HttpResponse:
    from erasmusdesk.applications.serving import document_response

    mobility = _office_mobility(omobility_id)
    certificate = get_object_or_404(AttendanceCertificate, pk=certificate_id, mobility=mobility)
    return document_response(
        certificate.file.name, f"attendance-{mobility.omobility_id}.pdf", "application/pdf"
    )
