"""Reminders of capacity-building reporting dates: once, 30 days before, to the office."""

from django.core import mail

from erasmusdesk.cbhe.reminders import send_report_reminders
from erasmusdesk.core.demo import load_demo
from tests.factories import cbhe as builders


def test_reports_within_30_days_are_reminded_once(db):
    load_demo()
    builders.project(report_in_days=30)
    builders.project(title="Later", acronym="LATER", report_in_days=31)
    assert send_report_reminders() == 1
    assert send_report_reminders() == 0
    assert mail.outbox[0].to == ["international@atyrau-university.example"]
    assert "GREENCASP" in mail.outbox[0].body


def test_no_office_no_reminder(db):
    builders.project(report_in_days=1)
    assert send_report_reminders() == 0
