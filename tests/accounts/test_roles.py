"""Roles are groups; the office's group holds every permission of the office's apps."""

from django.contrib.auth.models import AnonymousUser, Group, Permission

from erasmusdesk.accounts.roles import (
    COORDINATOR_APP_LABELS,
    Role,
    assign_role,
    has_role,
    sync_role_permissions,
)


def test_every_role_group_exists_after_migrate(db):
    assert set(Group.objects.values_list("name", flat=True)) >= {
        "applicants",
        "coordinators",
        "evaluators",
        "partner_contacts",
        "administrators",
    }


def test_coordinators_hold_every_permission_of_the_office_apps(db):
    coordinators = Group.objects.get(name=Role.COORDINATOR)
    expected = Permission.objects.filter(content_type__app_label__in=COORDINATOR_APP_LABELS)

    assert expected.filter(content_type__app_label="applications").exists()
    assert expected.filter(content_type__app_label="calls").exists()
    assert set(coordinators.permissions.all()) == set(expected)


def test_sync_restores_a_removed_permission_and_a_deleted_group(db):
    coordinators = Group.objects.get(name=Role.COORDINATOR)
    coordinators.permissions.remove(Permission.objects.get(codename="change_call"))
    Group.objects.filter(name=Role.EVALUATOR).delete()

    sync_role_permissions()

    assert coordinators.permissions.filter(codename="change_call").exists()
    assert Group.objects.filter(name=Role.EVALUATOR).exists()


def test_other_roles_hold_no_back_office_permission(db):
    for role in (Role.APPLICANT, Role.EVALUATOR, Role.PARTNER_CONTACT):
        assert not Group.objects.get(name=role).permissions.exists()


def test_has_role_for_each_person(people):
    assert has_role(people["owner"], Role.APPLICANT)
    assert has_role(people["other_applicant"], Role.APPLICANT)
    assert has_role(people["evaluator"], Role.EVALUATOR)
    assert has_role(people["partner_contact"], Role.PARTNER_CONTACT)
    assert has_role(people["coordinator"], Role.COORDINATOR)
    assert not has_role(people["owner"], Role.COORDINATOR)
    assert not has_role(people["evaluator"], Role.APPLICANT)
    assert not has_role(None, Role.APPLICANT)
    assert not has_role(AnonymousUser(), Role.APPLICANT)


def test_coordinator_may_change_calls_and_applications(people):
    coordinator = people["coordinator"]

    assert coordinator.has_perm("calls.change_call")
    assert not people["owner"].has_perm("calls.change_call")


def test_an_inactive_account_has_no_role(people):
    owner = people["owner"]
    owner.is_active = False

    assert not has_role(owner, Role.APPLICANT)


def test_assign_role_is_seen_at_once(people):
    evaluator = people["evaluator"]
    assert not has_role(evaluator, Role.PARTNER_CONTACT)

    assign_role(evaluator, Role.PARTNER_CONTACT)

    assert has_role(evaluator, Role.PARTNER_CONTACT)


def test_a_superuser_counts_as_administrator(db, django_user_model):
    admin = django_user_model.objects.create_superuser("root", "root@example.org", "x" * 12)

    assert has_role(admin, Role.ADMINISTRATOR)
    assert not has_role(admin, Role.EVALUATOR)
