"""How allauth fits Erasmus Desk: our own error texts (translatable into Kazakh, which allauth
lacks), and every new account joins the applicants."""

from allauth.account.adapter import DefaultAccountAdapter
from django.utils.translation import gettext_lazy as _

from erasmusdesk.accounts.roles import Role, assign_role


class AccountAdapter(DefaultAccountAdapter):
    error_messages = {
        "account_inactive": _("This account is switched off. Contact the international office."),
        "cannot_remove_primary_email": _("You cannot remove the e-mail address you sign in with."),
        "duplicate_email": _("This e-mail address is already the one of your account."),
        "email_password_mismatch": _("The e-mail address or the password is not correct."),
        "phone_password_mismatch": _("The phone number or the password is not correct."),
        "email_taken": _("An account with this e-mail address already exists."),
        "enter_current_password": _("Enter your current password."),
        "incorrect_code": _("The code is not correct."),
        "incorrect_password": _("The password is not correct."),
        "invalid_or_expired_key": _("The link is not valid or has expired."),
        "invalid_login": _("The sign-in is not valid."),
        "invalid_password_reset": _(
            "The password reset link is not valid: it may have been used already."
        ),
        "max_email_addresses": _("You cannot add more than %d e-mail addresses."),
        "phone_taken": _("An account with this phone number already exists."),
        "too_many_login_attempts": _("Too many failed sign-ins. Try again later."),
        "unknown_email": _("No account has this e-mail address."),
        "unknown_phone": _("No account has this phone number."),
        "unverified_primary_email": _("Your e-mail address must be confirmed first."),
        "username_blacklisted": _("This user name cannot be used: choose another."),
        "username_password_mismatch": _("The user name or the password is not correct."),
        "username_taken": _("An account with this user name already exists."),
        "select_only_one": _("Select only one."),
        "same_as_current": _("Choose a value different from the current one."),
        "rate_limited": _("Too many requests in a short time: wait a minute and try again."),
    }

    def send_mail(self, template_prefix, email, context):
        """Render the mail here (its context holds the request and one-time keys) and send it
        from a background task, so that the request does no SMTP work."""
        from allauth.core import context as allauth_context
        from django.contrib.sites.shortcuts import get_current_site

        from erasmusdesk.accounts.mail import send_later

        request = allauth_context.request
        message = self.render_mail(
            template_prefix,
            email,
            {
                "request": request,
                "email": email,
                "current_site": get_current_site(request),
                **context,
            },
        )
        send_later(message)

    def save_user(self, request, user, form, commit=True):
        """Save the new account and make its owner an applicant (every sign-up is one; the
        office gives other roles in the back office)."""
        user = super().save_user(request, user, form, commit=commit)
        if commit:
            assign_role(user, Role.APPLICANT)
        return user
