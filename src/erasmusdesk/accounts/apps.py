from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "erasmusdesk.accounts"
    verbose_name = _("Accounts")

    def ready(self) -> None:
        from erasmusdesk.accounts.roles import sync_after_migrate

        # Connected after django.contrib.auth's own receiver (auth is installed first), so the
        # permissions of the app just migrated exist when the groups are synced.
        post_migrate.connect(sync_after_migrate, dispatch_uid="erasmusdesk.accounts.roles")
