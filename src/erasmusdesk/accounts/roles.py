"""Roles: each is a group of users named by the role's value.

What a role may do on a given object is decided next to that object's models (predicates);
these groups only say who is who, and give the office its back-office permissions.
"""

from django.apps import apps as global_apps
from django.contrib.auth.models import Group, Permission
from django.db import DEFAULT_DB_ALIAS, models
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    APPLICANT = "applicants", _("applicant")
    COORDINATOR = "coordinators", _("coordinator (international office)")
    EVALUATOR = "evaluators", _("evaluator (selection committee)")
    PARTNER_CONTACT = "partner_contacts", _("partner contact (host university)")
    ADMINISTRATOR = "administrators", _("administrator")


# Apps whose every permission the international office holds. An app not installed yet is
# simply skipped; its permissions join the group when it is migrated.
COORDINATOR_APP_LABELS = (
    "catalogue",
    "institutions",
    "calls",
    "grants",
    "applications",
    "selection",
    "jeanmonnet",
    "mundus",
    "cbhe",
    "advisor",
    "mobility",
    "ewp",
)

_CACHE_ATTRIBUTE = "_erasmusdesk_role_names"


def role_names(user) -> frozenset[str]:
    """The role group names of ``user`` (empty for anonymous or inactive users), cached on the
    user object for the request."""
    if user is None or not getattr(user, "is_authenticated", False) or not user.is_active:
        return frozenset()
    names = getattr(user, _CACHE_ATTRIBUTE, None)
    if names is None:
        names = frozenset(user.groups.filter(name__in=Role.values).values_list("name", flat=True))
        setattr(user, _CACHE_ATTRIBUTE, names)
    return names


def has_role(user, role: Role | str) -> bool:
    """Whether ``user`` is an active, signed-in member of ``role``'s group.

    A superuser counts as an administrator, whatever their groups.
    """
    if role == Role.ADMINISTRATOR and getattr(user, "is_superuser", False) and user.is_active:
        return True
    return str(role) in role_names(user)


def assign_role(user, role: Role | str) -> None:
    """Put ``user`` in ``role``'s group (created when missing)."""
    group, _created = Group.objects.get_or_create(name=str(role))
    user.groups.add(group)
    if hasattr(user, _CACHE_ATTRIBUTE):
        delattr(user, _CACHE_ATTRIBUTE)


def sync_role_permissions(using: str = DEFAULT_DB_ALIAS) -> None:
    """Create every role group that is missing, and give coordinators every permission of the
    office's apps (COORDINATOR_APP_LABELS) and administrators every permission there is.

    Idempotent; runs after each ``migrate`` (see AccountsConfig), so that permissions of apps
    added later reach the groups without a data migration of their own.
    """
    groups = {}
    for role in Role:
        groups[role], _created = Group.objects.using(using).get_or_create(name=role.value)
    groups[Role.COORDINATOR].permissions.add(
        *Permission.objects.using(using).filter(content_type__app_label__in=COORDINATOR_APP_LABELS)
    )
    groups[Role.ADMINISTRATOR].permissions.add(*Permission.objects.using(using).all())


def sync_after_migrate(sender, using: str = DEFAULT_DB_ALIAS, **kwargs) -> None:
    """post_migrate receiver. The signal is sent once per app, in INSTALLED_APPS order, each
    time after that app's permissions were created: syncing on the last app's signal sees every
    app's permissions, once per ``migrate`` (or test-database flush)."""
    with_models = [config for config in global_apps.get_app_configs() if config.models_module]
    if with_models and sender.label == with_models[-1].label:
        sync_role_permissions(using=using)
