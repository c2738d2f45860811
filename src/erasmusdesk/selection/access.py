"""Who may see what in the selection (predicates; views only call them).

- Evaluators (role "evaluators") see the applications assigned to them, except those they
  declared a conflict of interest with, and none of a call they applied to themselves (their
  own application included); anyone else gets 404, staff included.
- Applicants see their own result only.
- The office's pages need the permission selection.view_selection (changes:
  selection.change_selection), as ``core.access.office_required`` checks.
"""

from django.http import Http404
from django.shortcuts import get_object_or_404

from erasmusdesk.accounts.roles import Role, has_role
from erasmusdesk.applications.models import Application
from erasmusdesk.selection.models import Assignment

VIEW_PERMISSION = "selection.view_selection"
CHANGE_PERMISSION = "selection.change_selection"


def is_evaluator(user) -> bool:
    return has_role(user, Role.EVALUATOR)


def evaluator_assignment(user, slug: str, reference: str) -> Assignment:
    """The user's assignment of that application of that call; 404 when the user is not an
    evaluator, the application is not assigned to them, they declared a conflict, or they
    applied to that call themselves."""
    if not is_evaluator(user):
        raise Http404
    if Application.objects.filter(call__slug=slug, applicant=user).exists():
        raise Http404
    return get_object_or_404(
        Assignment.objects.select_related(
            "application__applicant__profile", "application__call", "selection__call"
        ),
        evaluator=user,
        conflict=False,
        application__reference=reference,
        selection__call__slug=slug,
    )


def own_application(user, reference: str) -> Application:
    return get_object_or_404(
        Application.objects.select_related("call", "applicant"),
        reference=reference,
        applicant=user,
    )
