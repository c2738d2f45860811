"""The signed-in person's own data: what the system holds about them, and its download."""

from django.contrib.auth.decorators import login_required
from django.http import FileResponse, HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from erasmusdesk.accounts import personal_data
from erasmusdesk.applications.exports import temporary_file
from erasmusdesk.core import audit, clock


@never_cache
@login_required
@require_http_methods(["GET", "POST"])
def my_data(request: HttpRequest) -> HttpResponse:
    """GET: what the download holds, counted. POST: the ZIP of everything about the signed-in
    person (never anyone else's: the page takes no one's id), written to a temporary file and
    streamed from it; the download is written to the audit log."""
    user = request.user
    if request.method == "GET":
        return render(request, "accounts/my_data.html", {"overview": personal_data.overview(user)})
    file = temporary_file()
    try:
        files = personal_data.write_zip(user, file)
    except BaseException:
        file.close()
        raise
    file.seek(0)
    audit.record("erasmusdesk.personal_data.downloaded", user, by=user, files=files)
    response = FileResponse(
        file,
        as_attachment=True,
        filename=f"erasmus-desk-my-data-{clock.localdate():%Y-%m-%d}.zip",
        content_type="application/zip",
    )
    response["Cache-Control"] = "private, no-store"
    return response
