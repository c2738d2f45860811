"""A student signs up, confirms her e-mail, fills her profile, applies, uploads her
documents while the completeness panel fills up, submits, and reads her receipt."""

import hashlib
import io
import re

import pytest
from django.core import mail
from playwright.sync_api import expect
from pypdf import PdfReader

from erasmusdesk.applications.models import Application
from tests.factories import samples

pytestmark = pytest.mark.e2e

PASSWORD = "Steppe-Wind-2026!"


def confirmation_link(address: str) -> str:
    message = next(m for m in reversed(mail.outbox) if address in m.to)
    return re.search(r"https?://\S+/account/confirm-email/\S+", message.body).group(0)


def test_a_student_applies_from_sign_up_to_receipt(page, live_demo, tmp_path):
    base = live_demo.url
    email = "dana.seitkali@example.kz"

    # Sign up, then confirm the address with the link from the mail.
    page.goto(f"{base}/en/")
    page.get_by_role("link", name="Sign up").click()
    page.get_by_label("E-mail address").fill(email)
    page.locator("input[name=password1]").fill(PASSWORD)
    page.get_by_label("Password again").fill(PASSWORD)
    page.get_by_role("button", name="Create the account").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Confirm")
    page.goto(confirmation_link(email).replace("http://testserver", base))
    page.get_by_role("button", name="Confirm").click()
    if page.get_by_role("button", name="Sign in").count():
        page.get_by_label("E-mail").fill(email)
        page.locator("input[type=password]").fill(PASSWORD)
        page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("My applications")

    # The profile: who she is decides which calls and places fit.
    page.get_by_role("link", name="Profile", exact=True).click()
    page.get_by_label("Given names").fill("Dana")
    page.get_by_label("Family name").fill("Seitkali")
    page.get_by_label("Date of birth").fill("2004-03-09")
    page.get_by_label("Citizenship").select_option("KZ")
    page.get_by_label("I apply as").select_option("bachelor")
    page.get_by_label("Faculty or department").fill("Faculty of Economics")
    page.get_by_label("Study programme").fill("Economics")
    page.get_by_label("Year of study").select_option("3")
    page.get_by_label("Grade average").fill("3.6")
    page.get_by_label("Grade scale").select_option("4.0")
    page.get_by_role("button", name=re.compile("Save")).first.click()
    expect(page.locator(".messages")).to_contain_text("saved")

    # Apply to the open call.
    page.get_by_role("link", name="My applications").click()
    page.get_by_role("button", name=re.compile("^Apply")).first.click()
    expect(page.get_by_role("navigation", name="Steps of the application")).to_be_visible()
    panel = page.locator(".completeness-count")
    before = panel.inner_text()

    page.get_by_label("Subject area (ISCED-F 2013)").select_option("0311")
    page.get_by_role("button", name="Save draft").click()
    page.get_by_label("First choice").select_option(index=1)
    page.get_by_label("Autumn semester").check()
    page.get_by_label("Motivation").fill("I study economics and want to learn how " * 12)
    page.get_by_role("button", name="Save and go to documents").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Documents")
    after_form = panel.inner_text()
    assert after_form != before

    # Upload each required document; the panel counts them.
    files = {}
    for code, label in [
        ("form", "Application form or CV appendix"),
        ("transcript", "University transcript"),
        ("diploma", "Copies of diplomas and certificates"),
        ("letter-1", "Letter of recommendation"),
        ("letter-2", "Letter of recommendation"),
        ("passport", "Passport copy"),
    ]:
        data = samples.pdf_bytes(text=f"{code} of Dana Seitkali")
        path = tmp_path / f"{code}.pdf"
        path.write_bytes(data)
        files[path.name] = hashlib.sha256(data).hexdigest()
        section = page.get_by_role("region", name=re.compile("^" + re.escape(label)))
        section.locator(".upload-form input[type=file]").set_input_files(str(path))
        section.locator(".upload-form").get_by_role("button", name="Upload", exact=True).click()
        expect(page.locator(".messages")).to_contain_text("uploaded")
    expect(page.locator(".ok-note")).to_have_text("Everything is there: you can submit.")

    # A wrong file is refused with the reason, and nothing is saved.
    wrong = tmp_path / "photo.pdf"
    wrong.write_bytes(samples.exe_bytes())
    section = page.get_by_role("region", name=re.compile("^IELTS or TOEFL certificate"))
    section.locator(".upload-form input[type=file]").set_input_files(str(wrong))
    section.locator(".upload-form").get_by_role("button", name="Upload", exact=True).click()
    expect(page.get_by_role("alert")).to_contain_text("photo.pdf")

    # Submit and read the status page and the receipt.
    page.get_by_role("link", name="Check and submit").first.click()
    page.get_by_role("button", name="Submit the application").click()
    expect(page.locator(".messages")).to_contain_text("Application submitted")
    expect(page.locator(".badge").first).to_have_text("submitted")
    application = Application.objects.get(applicant__email=email)
    expect(page.get_by_role("heading", level=1)).to_be_visible()
    with page.expect_download() as download_info:
        page.get_by_role("link", name="Download the receipt (PDF)").click()
    receipt = download_info.value.path().read_bytes()
    text = "".join(p.extract_text() for p in PdfReader(io.BytesIO(receipt)).pages)
    compact = "".join(text.split())
    assert application.reference in text
    for digest in files.values():
        assert digest in compact

    # The receipt also came by mail.
    sent = [m for m in mail.outbox if email in m.to and application.reference in m.subject]
    assert sent and sent[-1].attachments[0][0] == f"receipt-{application.reference}.pdf"
