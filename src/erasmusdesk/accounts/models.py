"""Users. A project-owned user model from the start, so that roles and profiles can grow."""

from django.contrib.auth.models import AbstractUser
from django.utils.translation import gettext_lazy as _


class User(AbstractUser):
    """A person who signs in: applicant, coordinator, evaluator, partner contact or admin."""

    class Meta(AbstractUser.Meta):
        verbose_name = _("user")
        verbose_name_plural = _("users")
