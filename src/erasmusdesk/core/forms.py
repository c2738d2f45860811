"""Form helpers shared by every app."""


class AccessibleErrorsMixin:
    """Mark invalid fields for assistive technology (WCAG 2.1, 3.3.1 Error Identification).

    A field with a hint points ``aria-describedby`` at it (``<id>-hint``); after validation
    each invalid input gets ``aria-invalid="true"`` and ``aria-describedby`` pointing at its
    error message (``<id>-error`` in the templates) and its hint.
    """

    def __getitem__(self, name):
        bound = super().__getitem__(name)
        # A field's hint is "<id>-hint" in the one field template: point at it, instead of
        # the "<id>_helptext" that Django would name and no template of ours draws (fields
        # added after __init__ included).
        widget = bound.field.widget
        if bound.help_text and "aria-describedby" not in widget.attrs:
            widget.attrs["aria-describedby"] = f"{bound.auto_id}-hint"
        return bound

    def full_clean(self) -> None:
        super().full_clean()
        for name in self.errors:
            if name in self.fields:
                self.fields[name].widget.attrs.update(
                    {"aria-invalid": "true", "aria-describedby": described_by(self[name])}
                )


def described_by(bound_field) -> str:
    """The ids the one field template (_field.html) gives an invalid field's hint and error."""
    ids = [f"{bound_field.auto_id}-error"]
    if bound_field.help_text:
        ids.append(f"{bound_field.auto_id}-hint")
    return " ".join(ids)


def add_domain_error(form, error, fields: dict[str, str] | None = None) -> None:
    """Put a service's refusal (a ``DomainError``) on the form field it names, else on the
    whole form, marked for assistive technology as ``AccessibleErrorsMixin`` marks a field
    after validation.

    ``fields`` maps a service's field name to the form's where they differ (the service says
    ``destination``, the form has ``destination_city``).
    """
    name = (fields or {}).get(error.field or "", error.field)
    if name not in form.fields:
        form.add_error(None, str(error.message))
        return
    form.add_error(name, str(error.message))
    form.fields[name].widget.attrs.update(
        {"aria-invalid": "true", "aria-describedby": described_by(form[name])}
    )


def inline_changes(formset) -> tuple[list, list]:
    """A validated inline formset of the back office as (kept, removed) model instances, for
    a service to save: every saved row not marked for deletion (changed or not) and every new
    row filled in, then the saved rows marked for deletion. Nothing is written; the formset's
    ``new_objects``, ``changed_objects`` and ``deleted_objects`` are set as its own ``save``
    would, for the back office's history message."""
    deleted = set(formset.deleted_forms) if formset.can_delete else set()
    kept, removed = [], []
    formset.new_objects, formset.changed_objects, formset.deleted_objects = [], [], []
    for form in formset.forms:
        if form in deleted:
            if form.instance.pk:
                removed.append(form.instance)
                formset.deleted_objects.append(form.instance)
        elif form.instance.pk:
            kept.append(form.instance)
            if form.has_changed():
                formset.changed_objects.append((form.instance, form.changed_data))
        elif form.has_changed():
            kept.append(form.instance)
            formset.new_objects.append(form.instance)
    return kept, removed
