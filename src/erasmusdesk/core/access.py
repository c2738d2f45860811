"""Access to the international office's own pages (outside the Django admin)."""

from collections.abc import Callable
from functools import wraps

from django.contrib.auth.views import redirect_to_login
from django.http import Http404, HttpRequest, HttpResponse
from django.urls import reverse


def is_office_user(user, permission: str) -> bool:
    """An active staff user who holds ``permission`` (e.g. "grants.add_grantagreement")."""
    return user.is_authenticated and user.is_active and user.is_staff and user.has_perm(permission)


def office_required(permission: str):
    """Decorator: anonymous visitors go to the back-office sign-in; anyone signed in without
    the permission gets 404, so that an office page does not even admit it exists."""

    def decorator(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
        @wraps(view)
        def wrapper(request: HttpRequest, *args, **kwargs) -> HttpResponse:
            if not request.user.is_authenticated:
                return redirect_to_login(request.get_full_path(), reverse("admin:login"))
            if not is_office_user(request.user, permission):
                raise Http404
            return view(request, *args, **kwargs)

        return wrapper

    return decorator
