"""What a backup holds: which models (in which order), which file storages, the migration
state, and what counts as data when a restore asks whether an installation is empty."""

from collections.abc import Iterator
from contextlib import contextmanager

from django.apps import apps
from django.conf import settings
from django.contrib.auth.models import Permission
from django.contrib.contenttypes.models import ContentType
from django.core.files.storage import Storage, storages
from django.db import connections
from django.db.migrations.recorder import MigrationRecorder
from django.db.models import Model

# Not in the archive:
# - content types and permissions: every `migrate` creates them (with ids of its own), so
#   references to them are written as natural keys ("applications", "document") instead;
# - sessions: sign-ins of the moment; a restore signs everyone out;
# - django-axes: failed sign-ins, lock-outs and the sign-in log (addresses, browsers). They are
#   the security state of the moment and a log kept for a short time, not the office's data;
#   a restored installation starts with no lock-outs.
SKIPPED_MODELS = frozenset({"contenttypes.contenttype", "auth.permission", "sessions.session"})
SKIPPED_APPS = frozenset({"axes"})
NATURAL_KEY_MODELS = (ContentType, Permission)


def backed_up_models() -> list[type[Model]]:
    """Every concrete model of every installed app except the skipped ones, each after the
    models it refers to (so that a database without deferred constraints could load them in
    this order too). Many-to-many links without a model of their own travel with the model
    that declares them."""
    chosen = [
        model
        for model in apps.get_models()
        if model._meta.managed
        and not model._meta.proxy
        and not model._meta.swapped
        and model._meta.label_lower not in SKIPPED_MODELS
        and model._meta.app_label not in SKIPPED_APPS
    ]
    return _dependencies_first(chosen)


def _dependencies_first(models: list[type[Model]]) -> list[type[Model]]:
    chosen = set(models)
    ordered: list[type[Model]] = []
    visiting: set[type[Model]] = set()

    def visit(model: type[Model]) -> None:
        if model in ordered or model in visiting:
            return  # done, or a cycle (deferred constraints load cycles in any order)
        visiting.add(model)
        for field in [*model._meta.concrete_fields, *model._meta.many_to_many]:
            target = field.remote_field.model if field.is_relation else None
            if target in chosen and target is not model:
                visit(target)
        visiting.discard(model)
        ordered.append(model)

    for model in sorted(models, key=lambda model: model._meta.label_lower):
        visit(model)
    return ordered


def all_tables(models: list[type[Model]]) -> list[str]:
    """The tables of ``models`` and of the many-to-many links they declare."""
    tables = []
    for model in models:
        tables.append(model._meta.db_table)
        for field in model._meta.many_to_many:
            through = field.remote_field.through
            if through._meta.auto_created:
                tables.append(through._meta.db_table)
    return tables


def with_links(models: list[type[Model]]) -> list[type[Model]]:
    """``models`` and their automatic many-to-many link models (for sequence resets)."""
    result = list(models)
    for model in models:
        for field in model._meta.many_to_many:
            through = field.remote_field.through
            if through._meta.auto_created:
                result.append(through)
    return result


def storage_aliases() -> list[str]:
    """The file storages whose files are backed up: "default" (every FileField) and the
    documents' storage when configured apart (applications/uploads.py)."""
    aliases = ["default"]
    documents = getattr(settings, "ERASMUSDESK_DOCUMENT_STORAGE", "default")
    if documents not in aliases:
        aliases.append(documents)
    return aliases


def storage(alias: str) -> Storage:
    return storages[alias]


def walk(store: Storage, folder: str = "") -> Iterator[str]:
    """Every file name of ``store`` under ``folder``, in a stable order (a missing root
    folder, as in a new installation on the local disk, holds no files)."""
    try:
        folders, files = store.listdir(folder)
    except FileNotFoundError:
        return
    for name in sorted(files):
        yield f"{folder}/{name}" if folder else name
    for name in sorted(folders):
        yield from walk(store, f"{folder}/{name}" if folder else name)


def migration_state(alias: str = "default") -> dict[str, list[str]]:
    """The applied migrations per app, as the django_migrations table records them."""
    applied = MigrationRecorder(connections[alias]).applied_migrations()
    state: dict[str, list[str]] = {}
    for app_label, name in sorted(applied):
        state.setdefault(app_label, []).append(name)
    return state


def installation_data(alias: str = "default") -> dict[str, int]:
    """What shows that an installation is in use (label: count): user accounts and audit
    entries. `migrate` creates neither (its data migrations fill reference tables: groups,
    document types, rate tables, scales...), while every use of the system does: the office's
    accounts, sign-ups, and every service's audit entry. Empty: a restore may replace it."""
    counts = {}
    for model in (apps.get_model(settings.AUTH_USER_MODEL), apps.get_model("core", "AuditEntry")):
        count = model._base_manager.using(alias).count()
        if count:
            counts[model._meta.label_lower] = count
    return counts


@contextmanager
def raw_translated_fields() -> Iterator[None]:
    """While inside, a translated model's original field (``title`` next to ``title_en``,
    ``title_ru``...) reads and writes its own column, not the current language's translation
    as django-modeltranslation's descriptor does, so that a backup and a restore copy every
    column exactly."""
    try:
        from modeltranslation.translator import translator
    except ImportError:  # pragma: no cover - modeltranslation is a dependency
        yield
        return
    swapped = []
    for model in translator.get_registered_models(abstract=False):
        for name in translator.get_options_for_model(model).all_fields:
            field = model._meta.get_field(name)
            had_own = field.attname in model.__dict__
            swapped.append((model, field.attname, model.__dict__.get(field.attname), had_own))
            setattr(model, field.attname, field.descriptor_class(field))
    try:
        yield
    finally:
        for model, attname, original, had_own in reversed(swapped):
            if had_own:
                setattr(model, attname, original)
            else:
                delattr(model, attname)
