"""Who may see which mobility (predicates; views only call them).

- A participant sees their own mobilities.
- A partner contact (role "partner contacts", tied to an institution by a ``HostContact``)
  sees only the mobilities whose receiving institution is theirs.
- The office's pages need mobility.view_mobility (changes: mobility.change_mobility), as
  ``core.access.office_required`` checks. Evaluators see none.
Anyone else gets 404, so that a page does not admit the mobility exists.
"""

from django.http import Http404
from django.shortcuts import get_object_or_404

from erasmusdesk.accounts.roles import Role, has_role
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
