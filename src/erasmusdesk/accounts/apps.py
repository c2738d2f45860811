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

        from allauth.account.signals import password_reset

        from erasmusdesk.accounts.throttling import unlock_after_password_reset

        password_reset.connect(
            unlock_after_password_reset, dispatch_uid="erasmusdesk.accounts.throttling"
        )
