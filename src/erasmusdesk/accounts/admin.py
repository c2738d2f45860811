from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.utils.translation import gettext_lazy as _

from erasmusdesk.accounts.models import ApplicantProfile, LanguageCertificate, User
from erasmusdesk.accounts.roles import Role
from erasmusdesk.accounts.services import CERTIFICATE_FIELDS, PROFILE_FIELDS, save_profile
from erasmusdesk.core.forms import inline_changes


class ProfileInline(admin.StackedInline):
    model = ApplicantProfile
    can_delete = False
    extra = 0
    fields = [
        ("given_names", "family_name"),
        ("date_of_birth", "citizenship"),
        "category",
        ("faculty", "programme"),
        ("year_of_study", "grade_average", "grade_scale"),
        "phone",
    ]


class CertificateInline(admin.TabularInline):
    model = LanguageCertificate
    extra = 0
    max_num = 3
    fields = ["test", "other_name", "score", "taken_on", "cefr_level"]


@admin.register(User)
class UserAdmin(DjangoUserAdmin):
    """Users with their roles (the role groups) and their applicant profile."""

    inlines = [ProfileInline]
    list_display = ["email", "username", "full_name", "roles", "is_staff", "is_active"]
    list_filter = ["groups", "is_staff", "is_superuser", "is_active"]
    search_fields = ["email", "username", "first_name", "last_name"]
    ordering = ["email"]

    def get_queryset(self, request):
        return super().get_queryset(request).prefetch_related("groups")

    @admin.display(description=_("name"))
    def full_name(self, user: User) -> str:
        return user.get_full_name()

    @admin.display(description=_("roles"))
    def roles(self, user: User) -> str:
        labels = dict(Role.choices)
        return ", ".join(
            str(labels[group.name]) for group in user.groups.all() if group.name in labels
        )

    def save_formset(self, request, form, formset, change):
        """The profile goes through the service (its validation and audit entry); the
        certificates are left as they are (edited on the profile's own page)."""
        if formset.model is not ApplicantProfile:
            return super().save_formset(request, form, formset, change)
        kept, _removed = inline_changes(formset)
        for profile_form in formset.forms:
            if profile_form.instance in kept and profile_form.has_changed():
                saved = save_profile(
                    form.instance, _profile_data(profile_form), None, by=request.user
                )
                profile_form.instance.pk = saved.pk
        return None


@admin.register(ApplicantProfile)
class ApplicantProfileAdmin(admin.ModelAdmin):
    list_display = ["__str__", "user", "category", "faculty", "citizenship", "updated"]
    list_filter = ["category", "grade_scale"]
    search_fields = ["given_names", "family_name", "user__email", "faculty", "programme"]
    raw_id_fields = ["user"]
    inlines = [CertificateInline]

    fields = ["user", *PROFILE_FIELDS]

    def save_model(self, request, obj, form, change) -> None:
        """Nothing yet: the profile is saved with its certificates by the service, in
        ``save_related``, with the same validation and audit entry as the applicant's own
        page."""

    def save_related(self, request, form, formsets, change) -> None:
        certificates = next(f for f in formsets if f.model is LanguageCertificate)
        kept, _removed = inline_changes(certificates)
        saved = save_profile(
            form.cleaned_data["user"],
            _profile_data(form),
            [
                {"id": item.pk, **{name: getattr(item, name) for name in CERTIFICATE_FIELDS}}
                for item in kept
            ],
            by=request.user,
        )
        form.instance.pk = saved.pk


def _profile_data(form) -> dict:
    return {name: form.cleaned_data[name] for name in PROFILE_FIELDS if name in form.cleaned_data}
