"""The role groups (accounts/roles.py). Their permissions are given after every migrate by
roles.sync_role_permissions, since the permissions of apps migrated later do not exist yet."""

from django.db import migrations

ROLE_GROUPS = ["applicants", "coordinators", "evaluators", "partner_contacts", "administrators"]


def create_groups(apps, schema_editor):
    group_model = apps.get_model("auth", "Group")
    for name in ROLE_GROUPS:
        group_model.objects.using(schema_editor.connection.alias).get_or_create(name=name)


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0002_applicant_profile"),
        ("auth", "0012_alter_user_first_name_max_length"),
    ]

    operations = [migrations.RunPython(create_groups, migrations.RunPython.noop)]
