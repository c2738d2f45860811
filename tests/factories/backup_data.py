"""Realistic data for the backup tests, and the snapshots they compare: every row of every
table as the database stores it, and every stored file's SHA-256."""

import hashlib
from datetime import date
from decimal import Decimal

from django.apps import apps
from django.contrib.admin.models import CHANGE, LogEntry
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Permission
from django.contrib.contenttypes.models import ContentType
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import connection
from django.utils import translation

from erasmusdesk.accounts.demo import STUDENT_EMAIL, load_demo_accounts
from erasmusdesk.accounts.roles import sync_role_permissions
from erasmusdesk.applications.demo import load_demo_applications
from erasmusdesk.calls.defaults import ensure_document_types
from erasmusdesk.calls.models import Call, DocumentType
from erasmusdesk.core import audit
from erasmusdesk.core.demo import load_demo
from erasmusdesk.grants import grant_services
from erasmusdesk.grants.defaults import load_default_tables
from erasmusdesk.institutions.models import Agreement, Institution
from tests.factories import applications as builders

# Tables a backup leaves out on purpose (see core/backup/scope.py): content types and
# permissions are compared by natural key instead, sessions and django-axes are not kept.
NOT_COMPARED = {"contenttypes.contenttype", "auth.permission", "sessions.session"}
NOT_COMPARED_APPS = {"axes"}


def reference_data() -> None:
    """What `migrate` creates, again: a transactional test before this one may have flushed
    it (the backup must carry it either way)."""
    ensure_document_types(DocumentType)
    load_default_tables()
    sync_role_permissions()


def realistic_data() -> dict:
    """The demo (home university, catalogue, partners, calls, accounts, applications with
    their documents), plus: an applicant of our own with a complete profile, a submitted and a
    draft application with every document (one an image), a grant agreement with a payment,
    a signed agreement's PDF, a call title edited in Russian, a user with a permission of
    their own, a back-office log entry, audit entries, and a stored file nothing refers to."""
    reference_data()
    load_demo()
    load_demo_accounts()
    load_demo_applications()
    office = get_user_model().objects.get(username="office")
    user_model = get_user_model()
    applicant = user_model.objects.create_user(
        "asel", email="asel@example.org", password="a-long-test-password-42"
    )
    builders.complete_profile(applicant)
    call, other_call = Call.objects.order_by("-academic_year")[:2]
    submitted = builders.application(applicant, call, state="submitted")
    builders.add_image(submitted)
    builders.application(applicant, other_call, state="draft")

    student = user_model.objects.get(email=STUDENT_EMAIL)
    agreement = grant_services.issue_grant_agreement(
        participant_name="Aigerim Nurlanova",
        participant_language="kk",
        participant=student,
        host_institution=Institution.objects.get(erasmus_code="A  WIEN01"),
        activity="study",
        call_year=2022,
        start=date(2022, 9, 1),
        end=date(2023, 1, 31),
        by=office,
    )
    grant_services.record_payment(
        agreement,
        kind="prefinancing",
        amount=Decimal("3688.00"),
        paid_on=date(2022, 8, 20),
        by=office,
    )

    signed = Agreement.objects.order_by("pk").first()
    signed.signed_pdf.save("signed.pdf", ContentFile(builders.MINIMAL_PDF), save=True)

    with translation.override("ru"):
        other_call.title = "Кредитная мобильность (правка офиса)"
        other_call.save()

    evaluator = user_model.objects.get(email__startswith="evaluator1@")
    evaluator.user_permissions.add(Permission.objects.get(codename="view_application"))
    LogEntry.objects.log_actions(
        user_id=office.pk,
        queryset=[submitted],
        action_flag=CHANGE,
        change_message="Checked the documents.",
        single_object=True,
    )
    audit.record("erasmusdesk.test.backup", submitted, by=office, note="Ақмола → Warszawa")
    default_storage.save("leftovers/unreferenced.txt", ContentFile(b"kept as well\n"))
    return {"applicant": applicant, "application": submitted, "call": call}


def database_rows() -> dict[str, list]:
    """Every row of every table (model label: rows), as the database stores it: rows in key
    order; links without a model of their own sorted, without their own ids (a restore
    recreates them); references to content types and permissions as natural keys, since
    `migrate` numbers those its own way."""
    content_types = {
        pk: (app_label, model)
        for pk, app_label, model in ContentType.objects.values_list("pk", "app_label", "model")
    }
    permissions = {
        pk: (codename, content_types[content_type])
        for pk, codename, content_type in Permission.objects.values_list(
            "pk", "codename", "content_type"
        )
    }
    keys = {ContentType: content_types, Permission: permissions}
    rows = {}
    with connection.cursor() as cursor:
        for model in apps.get_models(include_auto_created=True):
            label = model._meta.label_lower
            if label in NOT_COMPARED or model._meta.app_label in NOT_COMPARED_APPS:
                continue
            if model._meta.proxy or not model._meta.managed:
                continue
            fields = [
                field
                for field in model._meta.concrete_fields
                if not (model._meta.auto_created and field.primary_key)
            ]
            columns = ", ".join(connection.ops.quote_name(field.column) for field in fields)
            table = connection.ops.quote_name(model._meta.db_table)
            pk = connection.ops.quote_name(model._meta.pk.column)
            cursor.execute(f"SELECT {columns} FROM {table} ORDER BY {pk}")
            table_rows = []
            for row in cursor.fetchall():
                values = []
                for field, value in zip(fields, row, strict=True):
                    target = field.remote_field.model if field.is_relation else None
                    values.append(keys[target][value] if target in keys and value else value)
                table_rows.append(tuple(values))
            if model._meta.auto_created:
                table_rows.sort(key=repr)
            rows[label] = table_rows
    return rows


def stored_files(storage=None) -> dict[str, str]:
    """name: SHA-256 of every file of the storage (default: the default storage)."""
    storage = storage or default_storage
    files = {}

    def walk(folder: str) -> None:
        try:
            folders, names = storage.listdir(folder)
        except FileNotFoundError:
            return
        for name in names:
            path = f"{folder}/{name}" if folder else name
            with storage.open(path, "rb") as file:
                files[path] = hashlib.sha256(file.read()).hexdigest()
        for name in folders:
            walk(f"{folder}/{name}" if folder else name)

    walk("")
    return files
