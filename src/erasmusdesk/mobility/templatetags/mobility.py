from django import template

from erasmusdesk.accounts.roles import Role, has_role

register = template.Library()


@register.filter
def is_host_contact(user) -> bool:
    """A partner contact (their nominations page is in the menu)."""
    return has_role(user, Role.PARTNER_CONTACT)


@register.simple_tag
def stay_grant_chart(change):
    """The grant before and after a change of the stay as bars (catalogue/_chart.html)."""
    from django.utils.formats import number_format
    from django.utils.translation import gettext as _

    from erasmusdesk.catalogue.charts import bar_chart

    if change.grant_before is None or change.grant_after is None:
        return None
    rows = [
        (_("Before the change"), int(change.grant_before)),
        (_("After the change"), int(change.grant_after)),
    ]
    return bar_chart(rows, value_text=lambda value: f"{number_format(value)} EUR")
