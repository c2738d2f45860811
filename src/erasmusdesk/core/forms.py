"""Form helpers shared by every app."""


class AccessibleErrorsMixin:
    """Mark invalid fields for assistive technology (WCAG 2.1, 3.3.1 Error Identification).

    After validation each invalid input gets ``aria-invalid="true"`` and
    ``aria-describedby`` pointing at its error message (``<id>-error`` in the templates).
    """

    def full_clean(self) -> None:
        super().full_clean()
        for name in self.errors:
            if name in self.fields:
                self.fields[name].widget.attrs.update(
                    {"aria-invalid": "true", "aria-describedby": f"{self[name].auto_id}-error"}
                )
