"""A field's error names the field once, and points only at ids the page has."""

import pytest
from django import forms
from django.template.loader import render_to_string

from erasmusdesk.core.errors import DomainError
from erasmusdesk.core.forms import AccessibleErrorsMixin, add_domain_error


class MotivationForm(AccessibleErrorsMixin, forms.Form):
    motivation = forms.CharField(label="Motivation", help_text="Why this place?")


def test_a_domain_error_that_names_its_field_is_not_prefixed_twice():
    form = MotivationForm({"motivation": "short"})
    assert form.is_valid()
    add_domain_error(form, DomainError("Motivation: at least 300 characters.", field="motivation"))
    html = render_to_string("_error_summary.html", {"form": form})
    assert "Motivation: at least 300 characters." in html
    assert "Motivation: Motivation" not in html


def test_an_error_without_the_name_gets_it_in_the_summary():
    form = MotivationForm({"motivation": ""})
    assert not form.is_valid()
    html = render_to_string("_error_summary.html", {"form": form})
    assert "Motivation: This field is required." in html


@pytest.mark.parametrize("valid", [True, False])
def test_every_described_by_id_exists_in_the_field_template(valid):
    import re

    form = MotivationForm({"motivation": "x" if valid else ""})
    form.is_valid()
    if valid:
        add_domain_error(form, DomainError("Too short.", field="motivation"))
    html = render_to_string("_fields.html", {"form": form})
    described = re.search(r'aria-describedby="([^"]+)"', html).group(1).split()
    assert described == ["id_motivation-error", "id_motivation-hint"]
    for name in described:
        assert f'id="{name}"' in html


def test_an_empty_upload_says_the_file_is_empty():
    from django.core.files.uploadedfile import SimpleUploadedFile

    from erasmusdesk.applications.forms import UploadForm

    form = UploadForm({}, {"file": SimpleUploadedFile("cv.pdf", b"")})
    assert not form.is_valid()
    assert form.errors["file"] == ["The file is empty: choose the file again, or another one."]
