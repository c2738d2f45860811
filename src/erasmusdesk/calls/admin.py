"""Back office for calls, their required documents and the document types."""

from django import forms
from django.contrib import admin, messages
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from modeltranslation.admin import TranslationAdmin

from erasmusdesk.calls.forms import InstantField
from erasmusdesk.calls.models import Call, DocumentType, RequiredDocument
from erasmusdesk.calls.services import (
    agreements_outside,
    agreements_outside_message,
    close_call,
    save_call,
)
from erasmusdesk.core.errors import DomainError
from erasmusdesk.core.forms import inline_changes


class CallForm(forms.ModelForm):
    opens_at = InstantField(end_of_day=False, label=_("applications open"))
    deadline = InstantField(
        end_of_day=True,
        label=_("deadline"),
        help_text=_("A date alone means the end of that day, Atyrau time (UTC+5)."),
    )
    late_deadline = InstantField(end_of_day=True, label=_("late deadline"), required=False)
    closed_at = InstantField(end_of_day=False, label=_("closed early at"), required=False)

    class Meta:
        model = Call
        exclude: list[str] = []

    def clean(self):
        cleaned = super().clean()
        year = cleaned.get("academic_year")
        outside = agreements_outside(year, cleaned.get("agreements") or [])
        if outside:
            self.add_error("agreements", agreements_outside_message(year, outside))
        return cleaned


class RequiredDocumentInline(admin.TabularInline):
    model = RequiredDocument
    extra = 0


@admin.register(Call)
class CallAdmin(TranslationAdmin):
    form = CallForm
    list_display = [
        "title",
        "opportunity",
        "academic_year",
        "status_label",
        "opens_at",
        "deadline",
        "late_deadline",
        "is_published",
    ]
    list_filter = ["opportunity", "academic_year", "is_published"]
    search_fields = ["title", "title_ru", "title_kk", "slug"]
    list_select_related = ["opportunity"]
    prepopulated_fields = {"slug": ["title_en"]}
    filter_horizontal = ["agreements"]
    inlines = [RequiredDocumentInline]
    actions = ["close_now"]

    @admin.display(description=_("status"))
    def status_label(self, obj: Call) -> str:
        return obj.status_label

    def save_model(self, request, obj, form, change) -> None:
        """Nothing yet: the call is saved with its agreements and documents by the service,
        in ``save_related``, with its validation and audit entry."""

    def save_related(self, request, form, formsets, change) -> None:
        documents = next(f for f in formsets if f.model is RequiredDocument)
        kept, removed = inline_changes(documents)
        save_call(
            form.instance,
            agreements=form.cleaned_data.get("agreements", []),
            documents=kept,
            removed_documents=removed,
            by=request.user,
            via="admin",
            fields=form.changed_data,
        )

    @admin.action(description=_("Close the selected calls now"))
    def close_now(self, request, queryset) -> None:
        closed = 0
        for call in queryset:
            try:
                close_call(call, by=request.user)
            except DomainError as error:
                self.message_user(request, f"{call}: {error.message}", messages.WARNING)
            else:
                closed += 1
        if closed:
            self.message_user(
                request,
                ngettext("%(count)d call closed.", "%(count)d calls closed.", closed)
                % {"count": closed},
            )


@admin.register(DocumentType)
class DocumentTypeAdmin(TranslationAdmin):
    list_display = ["name", "code", "position"]
    list_editable = ["position"]
