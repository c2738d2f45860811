"""Refusing an oversized upload while the request is read, not after.

Django reads a multipart body only when ``request.POST`` or ``request.FILES`` is first
touched, passing each file's bytes to the handlers of ``request.upload_handlers`` in turn.
``SizeLimitedUploadHandler``, put first, counts them: past the limit it raises ``SkipFile``,
so the file is never completed, its temporary file is closed (which deletes it), the rest of
its bytes are read from the connection and thrown away, and the other form fields are still
parsed. The view therefore still gets the CSRF token and its fields and can show a form error
(``upload_refused_error``). ``StopUpload`` was not used: it stops parsing, so any field after
the file would be lost; with ``connection_reset=True`` the browser shows "connection reset"
instead of the form.

When the request's Content-Length already exceeds what the form may carry (limit × files +
a margin for the other fields), every file of the request is refused as it starts: nothing
of it reaches memory or disk.

Before all this, ``core.middleware.RequestBodyLimitMiddleware`` answers 413 without reading a
byte when the declared Content-Length is above the view's limit (``upload_limit`` marks the
view with it; anonymous senders are held to a small form). What is left here is a body that
declared little enough but carries a file over its own limit (several files, or a form with
room for more): it is read, and the file's bytes past the limit are discarded. The web server
in front should still cap the body size (nginx ``client_max_body_size`` at
``ERASMUSDESK_UPLOAD_MAX_MB`` plus a few MB).

Handlers can only be changed before the body is parsed, and CsrfViewMiddleware parses it to
find the token. Hence Django's pattern ("Modifying upload handlers on the fly", docs on file
uploads), which ``upload_limit`` applies: the view is ``csrf_exempt``, the handler is
installed, then the real view runs under ``csrf_protect``.
"""

from collections.abc import Callable
from functools import wraps

from django.core.files.uploadhandler import FileUploadHandler, SkipFile
from django.http import HttpRequest
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt, csrf_protect

from erasmusdesk.applications.uploads import effective_limit, name_for_message, size_text
from erasmusdesk.core.errors import DomainError
from erasmusdesk.core.middleware import accepts_body

# Room for the other parts of the form (CSRF token, a few short fields, multipart headers).
FORM_FIELDS_MARGIN = 256 * 1024


class SizeLimitedUploadHandler(FileUploadHandler):
    """Refuses every uploaded file larger than ``max_bytes`` (capped by the site-wide
    ``ERASMUSDESK_UPLOAD_MAX_MB``) as soon as its bytes pass the limit.

    Must come first in ``request.upload_handlers``. A refusal is recorded in
    ``self.refused`` and, for the first refused file, on ``request.upload_refused`` as
    ``{"field", "name", "limit", "received"}``; the file is then absent from request.FILES.
    """

    def __init__(
        self,
        request: HttpRequest | None = None,
        *,
        max_bytes: int | None,
        max_files: int = 1,
        margin: int = FORM_FIELDS_MARGIN,
    ):
        super().__init__(request)
        self.max_bytes = effective_limit(max_bytes)
        self.max_files = max_files
        self.margin = margin
        self.refuse_all = False
        self.received = 0  # bytes of the current file seen so far
        self.total_received = 0  # bytes of all files seen, refused ones included
        self.refused: list[dict] = []

    def handle_raw_input(self, input_data, META, content_length, boundary, encoding=None):
        """Before parsing: a declared body larger than the form may carry refuses every file
        of the request (fields are still parsed). Returns None: Django parses as usual."""
        if content_length and content_length > self.max_bytes * self.max_files + self.margin:
            self.refuse_all = True
        return None

    def new_file(self, field_name, file_name, *args, **kwargs):
        super().new_file(field_name, file_name, *args, **kwargs)
        self.received = 0
        if self.refuse_all:
            self._refuse()
            raise SkipFile()

    def receive_data_chunk(self, raw_data, start):
        self.received += len(raw_data)
        self.total_received += len(raw_data)
        if self.received > self.max_bytes:
            self._refuse()
            raise SkipFile()
        return raw_data

    def file_complete(self, file_size):
        return None  # the next handler (memory or temporary file) makes the file object

    def _refuse(self) -> None:
        refusal = {
            "field": self.field_name,
            "name": self.file_name,
            "limit": self.max_bytes,
            "received": self.received,
        }
        self.refused.append(refusal)
        if self.request is not None and not hasattr(self.request, "upload_refused"):
            self.request.upload_refused = refusal


def limit_upload_size(
    request: HttpRequest,
    max_bytes: int | None,
    *,
    max_files: int = 1,
    margin: int = FORM_FIELDS_MARGIN,
) -> SizeLimitedUploadHandler:
    """Install a ``SizeLimitedUploadHandler`` first among the request's upload handlers.

    ``max_bytes`` is the limit of each file (``None``: the site-wide cap); ``max_files`` the
    number of file fields the form has, for the early Content-Length check. Must run before
    anything reads ``request.POST`` or ``request.FILES``: in a view that means the view is
    ``csrf_exempt`` and checks CSRF itself afterwards (see ``upload_limit``). Raises
    RuntimeError when the body has already been parsed.
    """
    if hasattr(request, "_files"):
        raise RuntimeError(
            "limit_upload_size() must run before request.POST or request.FILES is read; "
            "wrap the view with upload_limit() (csrf_exempt outside, csrf_protect inside)."
        )
    handler = SizeLimitedUploadHandler(
        request, max_bytes=max_bytes, max_files=max_files, margin=margin
    )
    request.upload_handlers = [handler, *request.upload_handlers]
    return handler


def upload_limit(
    max_bytes_fn: Callable[..., int | None], *, max_files: int = 1
) -> Callable[[Callable], Callable]:
    """Decorate a view so that its uploads are limited to ``max_bytes_fn(request, *args,
    **kwargs)`` bytes per file (called with the view's URL arguments; ``None``: the
    site-wide cap), with CSRF still checked.

    Django's pattern for changing upload handlers: the returned view is ``csrf_exempt``, so
    that CsrfViewMiddleware does not parse the body first; it installs the handler, then
    calls the view wrapped in ``csrf_protect``, which checks the token as the middleware
    would (a failure is the usual 403). As Django's documentation notes, the handlers then
    receive the upload before the CSRF check: the limit still applies to them.

    ``max_bytes_fn`` runs before the view: put access decorators (``login_required``)
    outside this one so that it is not called for anonymous visitors.
    """

    def decorator(view: Callable) -> Callable:
        protected = csrf_protect(view)

        @wraps(view)
        def limited(request: HttpRequest, *args, **kwargs):
            limit_upload_size(request, max_bytes_fn(request, *args, **kwargs), max_files=max_files)
            return protected(request, *args, **kwargs)

        def declared(request: HttpRequest, *args, **kwargs) -> int:
            limit = effective_limit(max_bytes_fn(request, *args, **kwargs))
            return limit * max_files + FORM_FIELDS_MARGIN

        return csrf_exempt(accepts_body(declared)(limited))

    return decorator


def upload_refused_error(request: HttpRequest) -> DomainError | None:
    """The form error for a file the handler refused, or None when none was refused.

    "“scan.pdf” is larger than 10 MB, the limit for this document; it was not received."
    ``field`` is the form field of the file.
    """
    refusal = getattr(request, "upload_refused", None)
    if refusal is None:
        return None
    return DomainError(
        _("“%(name)s” is larger than %(limit)s, the limit for this document; it was not received.")
        % {"name": name_for_message(refusal["name"]), "limit": size_text(refusal["limit"])},
        field=refusal["field"],
    )
