"""Who may see which mobility (predicates; views only call them).

- A participant sees their own mobilities.
- A partner contact (role "partner contacts", tied to an institution by a ``HostContact``)
  sees only the mobilities whose receiving institution is theirs.
- The office's pages need mobility.view_mobility (changes: mobility.change_mobility), as
  ``core.access.office_required`` checks. Evaluators see none.
- A host contact without an account holds a signed, expiring link (``links.py``) naming one
  mobility and their e-mail: it opens that mobility's host pages (answer, package, learning
  agreement, stay, transcript) and no other, while the e-mail is a contact of the receiving
  institution on file.
Anyone else gets 404, so that a page does not admit the mobility exists.
"""

from dataclasses import dataclass

from django.http import Http404
from django.shortcuts import get_object_or_404
from django.urls import reverse

from erasmusdesk.accounts.roles import Role, has_role
from erasmusdesk.mobility.links import read_token
from erasmusdesk.mobility.models import HostContact, Mobility

VIEW_PERMISSION = "mobility.view_mobility"
CHANGE_PERMISSION = "mobility.change_mobility"

RELATED = ("receiving_hei", "sending_hei", "receiving_ounit", "agreement", "place", "application")


def own_mobility(user, omobility_id) -> Mobility:
    return get_object_or_404(
        Mobility.objects.select_related(*RELATED), omobility_id=omobility_id, participant=user
    )


def host_contact_of(user) -> HostContact | None:
    """The user's tie to a host institution, if they are a partner contact with one."""
    if not has_role(user, Role.PARTNER_CONTACT):
        return None
    return HostContact.objects.select_related("institution").filter(user=user).first()


def host_mobilities(user):
    contact = host_contact_of(user)
    if contact is None:
        raise Http404
    return Mobility.objects.filter(receiving_hei=contact.institution).select_related(*RELATED)


def host_mobility(user, omobility_id) -> Mobility:
    return get_object_or_404(host_mobilities(user), omobility_id=omobility_id)


def linked_mobility(token: str) -> tuple[Mobility, str]:
    """(the mobility, the contact's e-mail) a valid, unexpired link names; 404 otherwise, and
    when the e-mail is no longer a contact of the mobility's receiving institution."""
    found = read_token(token)
    if found is None:
        raise Http404
    omobility_id, email = found
    mobility = get_object_or_404(
        Mobility.objects.select_related(*RELATED), omobility_id=omobility_id
    )
    if not mobility.receiving_hei.contacts.filter(email__iexact=email).exists():
        raise Http404
    return mobility, email


@dataclass(frozen=True)
class HostPages:
    """The addresses of one mobility's host pages: under the contact's account, or under the
    signed link (``token``), so that the same templates serve both."""

    detail: str
    package: str
    learning_agreement: str
    learning_agreement_pdf: str
    stay: str
    transcript: str
    stay_change: str
    with_account: bool

    @classmethod
    def of(cls, mobility: Mobility, token: str | None = None) -> "HostPages":
        if token is None:
            args, prefix = [mobility.omobility_id], "mobility:host_"
            names = ("detail", "package", "la", "la_pdf", "stay", "transcript", "stay_change")
            urls = [reverse(prefix + name, args=args) for name in names]
        else:
            names = ("", "_package", "_la", "_la_pdf", "_stay", "_transcript", "_stay_change")
            urls = [reverse("mobility:link" + name, args=[token]) for name in names]
        return cls(*urls, with_account=token is None)
