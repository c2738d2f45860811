"""Sending a stored document back: only through a view that has checked access.

Uploaded files live in ``uploads.document_storage()`` under random names, never under a
public URL. The view that decides who may see a document (its owner, the office, the
evaluators assigned) calls ``document_response`` to stream it.
"""

from django.core.exceptions import SuspiciousFileOperation
from django.core.files.storage import Storage
from django.http import FileResponse, Http404

from erasmusdesk.applications.uploads import CONTENT_TYPES, document_storage, sanitise_name

_KIND_OF_TYPE = {content_type: kind for kind, content_type in CONTENT_TYPES.items()}


def document_response(
    storage_name: str,
    display_name: str,
    content_type: str,
    *,
    inline: bool = False,
    storage: Storage | None = None,
) -> FileResponse:
    """A streamed response with the stored file ``storage_name``, named ``display_name``.

    Sent as an attachment (``inline=True``: shown in the page, for the office's preview of a
    checked PDF or image), under the display name sanitised again (RFC 6266/5987
    ``filename*`` for non-ASCII names, as FileResponse writes it). The headers keep the
    browser from guessing a type (``X-Content-Type-Options: nosniff``), run the file with no
    scripts, plugins or network even when shown inline (``Content-Security-Policy: sandbox;
    default-src 'none'``), and keep it out of shared and disk caches (``Cache-Control:
    private, no-store``). A content type other than PDF, JPEG or PNG is sent as
    ``application/octet-stream`` and always as an attachment.

    Raises Http404 when the file is missing or the name is not a valid storage name.
    """
    storage = storage or document_storage()
    kind = _KIND_OF_TYPE.get(content_type)
    try:
        file = storage.open(storage_name, "rb")
    except (FileNotFoundError, SuspiciousFileOperation) as error:
        raise Http404("No such document.") from error
    response = FileResponse(
        file,
        as_attachment=not (inline and kind),
        filename=sanitise_name(display_name, kind or "pdf") if kind else _plain(display_name),
        content_type=content_type if kind else "application/octet-stream",
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = _policy(inline=bool(inline and kind), kind=kind)
    response["Cache-Control"] = "private, no-store"
    response["Cross-Origin-Resource-Policy"] = "same-origin"
    response["Referrer-Policy"] = "no-referrer"
    if inline and kind:
        # The preview is framed by the office's own page; XFrameOptionsMiddleware would
        # otherwise send DENY.
        response["X-Frame-Options"] = "SAMEORIGIN"
    return response


def _policy(*, inline: bool, kind: str | None) -> str:
    """The file's Content-Security-Policy. A sandboxed document runs no scripts, plugins or
    network; but Chromium and Safari refuse to render a PDF in a sandbox (chromium bug
    413851), so a PDF shown inline in the office's preview gets every fetch blocked
    (``default-src 'none'``) and may be framed only by our own pages, without the sandbox.
    Its content was checked to be a PDF when it was uploaded."""
    if inline and kind == "pdf":
        return "default-src 'none'; frame-ancestors 'self'"
    return "sandbox; default-src 'none'"


def _plain(display_name: str) -> str:
    """A name for a file of unknown kind: sanitised, without a misleading extension."""
    stem = sanitise_name(display_name, "pdf").removesuffix(".pdf")
    return f"{stem}.bin"
