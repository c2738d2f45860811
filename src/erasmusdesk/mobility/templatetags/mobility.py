from django import template

from erasmusdesk.accounts.roles import Role, has_role

register = template.Library()


@register.filter
def is_host_contact(user) -> bool:
    """A partner contact (their nominations page is in the menu)."""
    return has_role(user, Role.PARTNER_CONTACT)
