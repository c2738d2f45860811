"""The baseline of bench/deadline_rush.py: a trivial Django view that receives an upload and
hashes it, nothing else (no middleware, no database, no template), served by gunicorn with
the same workers and threads as the site. What the site spends beyond this, per applicant,
is the cost of what it does with the bytes (checks, storage, the database, pages).

    python -m gunicorn --chdir bench bare_upload:application --worker-class gthread ...
"""

import hashlib

from django.conf import settings

settings.configure(
    DEBUG=False,
    SECRET_KEY="bench-bare-upload",
    ALLOWED_HOSTS=["*"],
    ROOT_URLCONF=__name__,
    MIDDLEWARE=[],
    INSTALLED_APPS=[],
    FILE_UPLOAD_MAX_MEMORY_SIZE=1024 * 1024,
    DATA_UPLOAD_MAX_MEMORY_SIZE=None,
)

import django  # noqa: E402
from django.core.wsgi import get_wsgi_application  # noqa: E402
from django.http import HttpResponse  # noqa: E402
from django.urls import path  # noqa: E402

django.setup()


def upload(request):
    if request.method != "POST":
        return HttpResponse("ok", content_type="text/plain")
    digest = hashlib.sha256()
    for chunk in request.FILES["file"].chunks():
        digest.update(chunk)
    return HttpResponse(digest.hexdigest(), content_type="text/plain")


urlpatterns = [path("upload", upload), path("healthz", upload)]
application = get_wsgi_application()
