"""The applicant's pages: their applications, the form, documents, submission and status.

Every page of an application looks it up by reference *and* owner: anyone else, staff
included, gets 404 (the office has its own pages); anonymous visitors go to sign-in.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import prefetch_related_objects
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt, csrf_protect
from django.views.decorators.http import require_POST

from erasmusdesk.accounts.services import profile_of
from erasmusdesk.applications.completeness import completeness
from erasmusdesk.applications.drafting import (
    DraftErrors,
    StaleDraft,
    closed_message,
    save_draft,
    start_application,
)
from erasmusdesk.applications.filing import (
    remove_document,
    requirement,
    requirements_for,
    upload_document,
)
from erasmusdesk.applications.forms import ApplicationForm, UploadForm, WithdrawForm
from erasmusdesk.applications.models import Application, Document
from erasmusdesk.applications.notifications import next_deadline
from erasmusdesk.applications.places import places_for
from erasmusdesk.applications.serving import document_response
from erasmusdesk.applications.states import EDITABLE, Actor, State, targets
from erasmusdesk.applications.submission import application_receipt_pdf, submit, withdraw
from erasmusdesk.applications.upload_limits import (
    FORM_FIELDS_MARGIN,
    limit_upload_size,
    upload_refused_error,
)
from erasmusdesk.applications.uploads import effective_limit
from erasmusdesk.calls.models import Call
from erasmusdesk.core import clock
from erasmusdesk.core.errors import DomainError
from erasmusdesk.core.forms import add_domain_error
from erasmusdesk.core.middleware import accepts_body
from erasmusdesk.institutions import isced


def _own(request: HttpRequest, reference: str) -> Application:
    return get_object_or_404(
        Application.objects.select_related("call__opportunity", "applicant"),
        reference=reference,
        applicant=request.user,
    )


def _can_edit(application: Application) -> bool:
    return State(application.state) in EDITABLE and application.call.schedule.accepts_applications(
        clock.now()
    )


def _profile_category(user) -> str:
    return getattr(profile_of(user), "category", "") or ""


@login_required
def my_applications(request: HttpRequest) -> HttpResponse:
    """The signed-in person's applications, newest first, and the calls open to them."""
    applications = list(Application.objects.filter(applicant=request.user).select_related("call"))
    category = _profile_category(request.user)
    applied = {a.call_id for a in applications if a.state != State.WITHDRAWN}
    calls = [
        call
        for call in Call.objects.published().accepting(clock.now()).select_related("opportunity")
        if call.pk not in applied and (not category or category in call.category_list)
    ]
    return render(
        request,
        "applications/mine.html",
        {"applications": applications, "calls": calls, "has_category": bool(category)},
    )


@login_required
@require_POST
def start(request: HttpRequest, slug: str) -> HttpResponse:
    """Start (or reopen) the applicant's draft for a call."""
    call = get_object_or_404(Call.objects.published(), slug=slug)
    category = _profile_category(request.user)
    if not category:
        messages.info(request, _("First tell us who you are: fill in your profile."))
        return redirect("accounts:profile")
    try:
        application = start_application(
            call, by=request.user, category=category, language=get_language()
        )
    except DomainError as error:
        messages.error(request, error.message)
        return redirect("applications:mine")
    return redirect("applications:edit", reference=application.reference)


@login_required
def detail(request: HttpRequest, reference: str) -> HttpResponse:
    """The status page: state, what is missing, the documents, the history, the receipt."""
    application = _own(request, reference)
    return render(
        request,
        "applications/detail.html",
        {
            "application": application,
            "completeness": completeness(application),
            "can_edit": _can_edit(application),
            "can_withdraw": State.WITHDRAWN in targets(State(application.state), Actor.APPLICANT),
            "closed_message": closed_message(application.call),
            "deadline": next_deadline(application.call, clock.now()),
            "subject_area": isced.label(application.subject_area)
            if isced.is_valid(application.subject_area)
            else application.subject_area,
            "documents": application.documents.select_related("document_type"),
            "history": application.history.select_related("by"),
            "preferences": application.preferences.select_related("place__agreement__partner"),
        },
    )


@login_required
def edit(request: HttpRequest, reference: str) -> HttpResponse:
    """The application form; "Save draft" keeps whatever is filled in."""
    application = _own(request, reference)
    if not _can_edit(application):
        messages.error(request, _cannot_edit_message(application))
        return redirect(application)
    subject = request.POST.get("subject_area", application.subject_area)
    places = places_for(application.call, application.category, subject)
    if request.method == "POST":
        form = ApplicationForm(request.POST, application=application, places=places)
        if form.is_valid():
            try:
                save_draft(
                    application,
                    form.draft(),
                    by=request.user,
                    version=form.cleaned_data["version"],
                )
            except DraftErrors as error:
                form.add_domain_errors(error.errors)
            except StaleDraft as error:
                application.refresh_from_db()
                data = request.POST.copy()
                data["version"] = application.version
                form = ApplicationForm(data, application=application, places=places)
                form.is_valid()
                form.add_error(None, error.message)
            except DomainError as error:
                add_domain_error(form, error)
            else:
                messages.success(request, _("Draft saved."))
                target = "applications:documents" if "next" in request.POST else "applications:edit"
                return redirect(target, reference=application.reference)
        status = 400
    else:
        form = ApplicationForm(
            initial=ApplicationForm.initial_for(application),
            application=application,
            places=places,
        )
        status = 200
    return render(
        request,
        "applications/edit.html",
        {
            "application": application,
            "form": form,
            "places": places,
            "completeness": completeness(application),
            "deadline": next_deadline(application.call, clock.now()),
        },
        status=status,
    )


def _cannot_edit_message(application: Application) -> str:
    if State(application.state) not in EDITABLE:
        return _("This application is %(state)s: it can no longer be changed.") % {
            "state": application.state_label
        }
    return closed_message(application.call)


def _slots(application: Application) -> list[dict]:
    documents = list(application.documents.all())
    rows = []
    for rule in requirements_for(application):
        files = [d for d in documents if d.document_type_id == rule.document_type_id]
        rows.append({"rule": rule, "files": files, "free": rule.count - len(files)})
    return rows


@login_required
def documents(request: HttpRequest, reference: str) -> HttpResponse:
    """Each required document with its files and an upload form for each free slot."""
    application = _own(request, reference)
    # Read once for the slots and the completeness panel (both go through .all()).
    prefetch_related_objects([application], "documents")
    return _documents_page(request, application)


def _documents_page(request, application, *, errors=None, status=200) -> HttpResponse:
    return render(
        request,
        "applications/documents.html",
        {
            "application": application,
            "rows": _slots(application),
            "can_edit": _can_edit(application),
            "completeness": completeness(application),
            "errors": errors or {},
        },
        status=status,
    )


def _declared_limit(request: HttpRequest, reference: str, type_id: int) -> int | None:
    """What the upload of that document may declare (RequestBodyLimitMiddleware, before the
    body is read): its rule's limit plus the form's margin; the site-wide cap when the
    application or the document is not the sender's (the view then answers 404)."""
    application = Application.objects.filter(reference=reference, applicant=request.user).first()
    if application is None:
        return None
    try:
        rule = requirement(application, type_id)
    except DomainError:
        return None
    return effective_limit(rule.max_size_mb * 1024 * 1024) + FORM_FIELDS_MARGIN


@csrf_exempt
@login_required
@accepts_body(_declared_limit)
def upload(request: HttpRequest, reference: str, type_id: int) -> HttpResponse:
    """Receive one file for one document. The size limit of the document's rule is set
    before the body is read (so CSRF is checked after, by the inner view)."""
    application = _own(request, reference)
    if request.method != "POST":
        return redirect("applications:documents", reference=reference)
    try:
        rule = requirement(application, type_id)
    except DomainError as error:
        raise Http404 from error
    limit_upload_size(request, rule.max_size_mb * 1024 * 1024)
    return _receive_upload(request, application, rule)


@csrf_protect
def _receive_upload(request, application, rule) -> HttpResponse:
    form = UploadForm(request.POST, request.FILES)  # parses the body (through the limit)
    refused = upload_refused_error(request)
    message = None
    if refused:
        message = refused.message
    elif not form.is_valid():
        message = _("Choose a file to upload.")
    else:
        try:
            upload_document(
                application,
                rule.document_type_id,
                form.cleaned_data["file"],
                by=request.user,
                replaces=form.cleaned_data.get("replaces"),
            )
        except DomainError as error:
            message = error.message
    if message:
        return _documents_page(
            request, application, errors={rule.document_type_id: message}, status=400
        )
    messages.success(request, _("“%(document)s” uploaded.") % {"document": rule.document_type.name})
    return redirect("applications:documents", reference=application.reference)


@login_required
@require_POST
def remove(request: HttpRequest, reference: str, document_id: int) -> HttpResponse:
    application = _own(request, reference)
    document = get_object_or_404(Document, pk=document_id, application=application)
    try:
        remove_document(document, by=request.user)
    except DomainError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("“%(name)s” removed.") % {"name": document.display_name})
    return redirect("applications:documents", reference=application.reference)


@login_required
def download(request: HttpRequest, reference: str, document_id: int):
    """The applicant's own file, as an attachment."""
    application = _own(request, reference)
    document = get_object_or_404(Document, pk=document_id, application=application)
    return document_response(document.file.name, document.display_name, document.content_type)


@login_required
@require_POST
def submit_view(request: HttpRequest, reference: str) -> HttpResponse:
    application = _own(request, reference)
    was_submitted = application.state == State.SUBMITTED
    try:
        submit(application, by=request.user)
    except DomainError as error:
        messages.error(request, error.message)
    else:
        if not was_submitted:
            messages.success(
                request,
                _("Application submitted. The receipt is on this page and in your mail."),
            )
    return redirect(application)


@login_required
def withdraw_view(request: HttpRequest, reference: str) -> HttpResponse:
    application = _own(request, reference)
    form = WithdrawForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            withdraw(application, by=request.user, reason=form.cleaned_data["reason"])
        except DomainError as error:
            messages.error(request, error.message)
        else:
            messages.success(request, _("Your application is withdrawn."))
        return redirect(application)
    return render(request, "applications/withdraw.html", {"application": application, "form": form})


@login_required
def receipt(request: HttpRequest, reference: str) -> HttpResponse:
    application = _own(request, reference)
    try:
        pdf = application_receipt_pdf(application)
    except DomainError as error:
        raise Http404 from error
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="receipt-{application.reference}.pdf"'
    return response
