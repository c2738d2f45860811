"""The applicant's pages: their applications, the form, documents, submission and status."""

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render


@login_required
def my_applications(request: HttpRequest) -> HttpResponse:
    """The signed-in person's applications, newest first, and the calls open to them."""
    return render(request, "applications/mine.html", {})
