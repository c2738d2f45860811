from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.db import transaction
from django.utils.translation import gettext_lazy as _

from erasmusdesk.accounts.models import ApplicantProfile, LanguageCertificate, User
from erasmusdesk.accounts.roles import Role
from erasmusdesk.core.audit import record


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
        with transaction.atomic():
            super().save_formset(request, form, formset, change)
            if formset.model is ApplicantProfile and formset.has_changed():
                for profile in formset.new_objects + [
                    obj for obj, _fields in formset.changed_objects
                ]:
                    record("erasmusdesk.profile.changed", profile, by=request.user, via="admin")


@admin.register(ApplicantProfile)
class ApplicantProfileAdmin(admin.ModelAdmin):
    list_display = ["__str__", "user", "category", "faculty", "citizenship", "updated"]
    list_filter = ["category", "grade_scale"]
    search_fields = ["given_names", "family_name", "user__email", "faculty", "programme"]
    raw_id_fields = ["user"]
    inlines = [CertificateInline]

    def save_model(self, request, obj, form, change):
        with transaction.atomic():
            super().save_model(request, obj, form, change)
            record(
                "erasmusdesk.profile.changed" if change else "erasmusdesk.profile.created",
                obj,
                by=request.user,
                via="admin",
                fields=form.changed_data,
            )
