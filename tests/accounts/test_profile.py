"""The applicant's profile: each rule's message, saving with certificates, what is missing,
and who sees the page."""

from datetime import date, timedelta
from decimal import Decimal

import pytest

from erasmusdesk.accounts.forms import CertificateForm, ProfileForm
from erasmusdesk.accounts.models import ApplicantProfile, LanguageCertificate, age_on
from erasmusdesk.accounts.services import missing_profile_fields, save_profile
from erasmusdesk.core import clock
from erasmusdesk.core.errors import DomainError
from erasmusdesk.core.models import AuditEntry

pytestmark = pytest.mark.django_db

PAGE = "/en/account/profile/"

STUDENT = {
    "given_names": "Aigerim",
    "family_name": "Nurlanova",
    "date_of_birth": "2004-03-12",
    "citizenship": "KZ",
    "category": "bachelor",
    "faculty": "Faculty of Information Technology",
    "programme": "Information Systems",
    "year_of_study": "3",
    "grade_average": "3.45",
    "grade_scale": "4.0",
    "phone": "",
}
TEACHER = {
    **STUDENT,
    "category": "teacher",
    "programme": "",
    "year_of_study": "",
    "grade_average": "",
    "grade_scale": "",
}


def _years_ago(years: int) -> date:
    today = clock.localdate()
    try:
        return today.replace(year=today.year - years)
    except ValueError:  # 29 February
        return today.replace(year=today.year - years, day=28)


def _profile_errors(**changes) -> dict:
    form = ProfileForm(data={**STUDENT, **changes})
    form.is_valid()
    return form.errors


def _certificate_errors(**fields) -> dict:
    values = {"test": "ielts_academic", "score": "6.5", "taken_on": "2025-05-17"}
    values.update(fields)
    form = CertificateForm(data=values)
    form.is_valid()
    return form.errors


def _page_data(profile: dict, certificates=(), initial: int = 0) -> dict:
    data = {
        **profile,
        "certificates-TOTAL_FORMS": "3",
        "certificates-INITIAL_FORMS": str(initial),
        "certificates-MIN_NUM_FORMS": "0",
        "certificates-MAX_NUM_FORMS": "3",
    }
    for index, certificate in enumerate(certificates):
        for name, value in certificate.items():
            data[f"certificates-{index}-{name}"] = value
    return data


# --- rules, one by one, with the message the person reads ---------------------------------


def test_a_complete_student_profile_is_valid():
    assert _profile_errors() == {}


@pytest.mark.parametrize("name", ["Айгерим", "Aigerim2", "-Aigerim", "Aigerim--Ann", "Zoë"])
def test_names_must_be_latin_letters_as_in_the_passport(name):
    errors = _profile_errors(given_names=name, family_name=name)

    rule = (
        "Use Latin letters (A-Z) only, as in your passport; spaces, hyphens and apostrophes "
        "may separate the parts of a name."
    )
    assert errors["given_names"] == [rule]
    assert errors["family_name"] == [rule]


@pytest.mark.parametrize("name", ["O'Neil", "Anna-Maria", "Aigerim  Zhanar", "De la Cruz"])
def test_names_may_have_spaces_hyphens_and_apostrophes(name):
    assert "given_names" not in _profile_errors(given_names=name)


def test_spaces_in_names_are_tidied():
    form = ProfileForm(data={**STUDENT, "given_names": "  Aigerim   Zhanar "})

    assert form.is_valid()
    assert form.cleaned_data["given_names"] == "Aigerim Zhanar"


def test_required_fields_name_their_rule():
    errors = _profile_errors(
        given_names="", family_name="", date_of_birth="", citizenship="", category="", faculty=""
    )

    assert errors == {
        "given_names": ["Enter your given names as in your passport."],
        "family_name": ["Enter your family name as in your passport."],
        "date_of_birth": ["Enter your date of birth."],
        "citizenship": ["Choose your citizenship."],
        "category": ["Choose whether you apply as a student, a teacher or staff."],
        "faculty": ["Enter your faculty or department."],
    }


def test_date_of_birth_must_be_in_the_past():
    tomorrow = clock.localdate() + timedelta(days=1)

    assert _profile_errors(date_of_birth=tomorrow.isoformat())["date_of_birth"] == [
        "The date of birth must be in the past."
    ]
    assert _profile_errors(date_of_birth="21.09.2004")["date_of_birth"] == [
        "Enter the date of birth as a date, e.g. 2004-09-21."
    ]


def test_applicants_are_at_least_fifteen_on_the_day():
    fifteenth_birthday = _years_ago(15)

    assert "date_of_birth" not in _profile_errors(date_of_birth=fifteenth_birthday.isoformat())
    assert _profile_errors(date_of_birth=(fifteenth_birthday + timedelta(days=1)).isoformat())[
        "date_of_birth"
    ] == ["You must be at least 15 years old to apply."]


def test_age_counts_whole_years():
    assert age_on(date(2004, 3, 12), date(2019, 3, 11)) == 14
    assert age_on(date(2004, 3, 12), date(2019, 3, 12)) == 15
    assert age_on(date(2004, 2, 29), date(2019, 2, 28)) == 14
    assert age_on(date(2004, 2, 29), date(2019, 3, 1)) == 15


def test_students_must_give_year_grade_and_scale():
    errors = _profile_errors(year_of_study="", grade_average="", grade_scale="")

    assert errors["year_of_study"] == ["Students must give their year of study (1 to 6)."]
    assert errors["grade_average"] == ["Students must give their grade average."]
    assert errors["grade_scale"] == ["Students must give the scale of their grade average."]


def test_teachers_and_staff_need_no_year_or_grade():
    assert _profile_errors(**TEACHER) == {}
    assert _profile_errors(**{**TEACHER, "category": "staff"}) == {}


def test_year_of_study_is_one_to_six():
    assert "year_of_study" not in _profile_errors(year_of_study="6")
    assert _profile_errors(year_of_study="7")["year_of_study"] == [
        "Choose a year of study from 1 to 6."
    ]
    assert _profile_errors(year_of_study="0")["year_of_study"] == [
        "Choose a year of study from 1 to 6."
    ]


@pytest.mark.parametrize(
    ("grade", "scale"),
    [("4.00", "4.0"), ("0.01", "4.0"), ("5", "5"), ("100", "100"), ("3,45", "4.0")],
)
def test_grade_up_to_the_scale_maximum_is_valid(grade, scale):
    assert _profile_errors(grade_average=grade, grade_scale=scale) == {}


@pytest.mark.parametrize(
    ("grade", "scale", "maximum"),
    [("4.01", "4.0", "4.0"), ("5.5", "5", "5"), ("101", "100", "100")],
)
def test_grade_above_the_scale_maximum_is_refused(grade, scale, maximum):
    assert _profile_errors(grade_average=grade, grade_scale=scale)["grade_average"] == [
        f"The grade average cannot be more than {maximum} on this scale."
    ]


def test_grade_must_be_a_positive_number():
    assert _profile_errors(grade_average="0")["grade_average"] == [
        "The grade average must be greater than 0."
    ]
    assert _profile_errors(grade_average="good")["grade_average"] == [
        "Enter the grade average as a number, e.g. 3.45."
    ]
    assert _profile_errors(grade_average="3.456")["grade_average"] == [
        "The grade average has at most two decimals."
    ]


def test_phone_is_optional_but_must_look_like_a_number():
    assert "phone" not in _profile_errors(phone="")
    assert "phone" not in _profile_errors(phone="+7 701 234 56 78")
    assert _profile_errors(phone="call me")["phone"] == [
        "Enter the phone number with its country code, digits only, e.g. +7 701 234 56 78."
    ]


@pytest.mark.parametrize(
    ("test", "score"),
    [
        ("ielts_academic", "0"),
        ("ielts_academic", "6.5"),
        ("ielts_academic", "9"),
        ("toefl_ibt", "0"),
        ("toefl_ibt", "120"),
        ("cambridge", "80"),
        ("cambridge", "230"),
        ("duolingo", "10"),
        ("duolingo", "160"),
    ],
)
def test_scores_within_each_test_scale_are_valid(test, score):
    assert _certificate_errors(test=test, score=score) == {}


@pytest.mark.parametrize(
    ("test", "score", "message"),
    [
        (
            "ielts_academic",
            "6.3",
            "An IELTS score is a band from 0 to 9 in steps of 0.5, e.g. 6.5.",
        ),
        (
            "ielts_academic",
            "9.5",
            "An IELTS score is a band from 0 to 9 in steps of 0.5, e.g. 6.5.",
        ),
        ("toefl_ibt", "121", "A TOEFL iBT score is a whole number from 0 to 120."),
        ("toefl_ibt", "95.5", "A TOEFL iBT score is a whole number from 0 to 120."),
        ("cambridge", "79", "A Cambridge English Scale score is a whole number from 80 to 230."),
        ("cambridge", "231", "A Cambridge English Scale score is a whole number from 80 to 230."),
        ("duolingo", "9", "A Duolingo English Test score is a whole number from 10 to 160."),
        ("duolingo", "161", "A Duolingo English Test score is a whole number from 10 to 160."),
        ("duolingo", "high", "A Duolingo English Test score is a whole number from 10 to 160."),
    ],
)
def test_scores_outside_each_test_scale_are_refused(test, score, message):
    assert _certificate_errors(test=test, score=score)["score"] == [message]


def test_other_tests_have_a_free_score_but_need_a_name():
    assert _certificate_errors(test="other", score="B2 pass", other_name="Goethe-Zertifikat") == {}
    assert _certificate_errors(test="other", score="B2 pass")["other_name"] == [
        "Give the name of the test when you choose “Other”."
    ]


def test_the_test_date_cannot_be_in_the_future():
    today = clock.localdate()

    assert _certificate_errors(taken_on=today.isoformat()) == {}
    assert _certificate_errors(taken_on=(today + timedelta(days=1)).isoformat())["taken_on"] == [
        "The date taken cannot be in the future."
    ]


# --- saving through the page ---------------------------------------------------------------


def test_anonymous_visitors_are_sent_to_sign_in(client, db):
    response = client.get(PAGE)

    assert response.status_code == 302
    assert response["Location"] == "/en/account/login/?next=/en/account/profile/"


def test_saving_the_profile_with_two_certificates(client_as, people):
    owner = people["owner"]
    client = client_as(owner)

    response = client.post(
        PAGE,
        _page_data(
            STUDENT,
            [
                {"test": "ielts_academic", "score": "6.50", "taken_on": "2025-05-17"},
                {"test": "toefl_ibt", "score": "95", "taken_on": "2024-11-02", "cefr_level": "B2"},
            ],
        ),
    )

    assert response.status_code == 302
    assert response["Location"] == PAGE
    profile = ApplicantProfile.objects.get(user=owner)
    assert (profile.given_names, profile.family_name) == ("Aigerim", "Nurlanova")
    assert profile.grade_average == Decimal("3.45")
    assert profile.year_of_study == 3
    assert sorted((c.test, c.score) for c in profile.certificates.all()) == [
        ("ielts_academic", "6.5"),
        ("toefl_ibt", "95"),
    ]
    entry = AuditEntry.objects.get(action="erasmusdesk.profile.created")
    assert entry.actor == owner
    assert entry.data["certificates"] == 2
    page = client.get(PAGE).content.decode()
    assert "Your profile is saved." in page
    assert 'value="Nurlanova"' in page
    assert "Certificate 1: IELTS Academic 6.5" in page


def test_changing_and_removing_certificates(client_as, people):
    owner = people["owner"]
    profile = save_profile(
        owner,
        {**STUDENT, "date_of_birth": date(2004, 3, 12), "grade_average": Decimal("3.45")},
        [
            {"test": "ielts_academic", "score": "6.5", "taken_on": date(2025, 5, 17)},
            {"test": "duolingo", "score": "115", "taken_on": date(2025, 1, 10)},
        ],
        by=owner,
    )
    ielts, duolingo = (
        profile.certificates.get(test="ielts_academic"),
        profile.certificates.get(test="duolingo"),
    )
    # The page lists saved certificates newest first.
    rows = [
        {"id": ielts.pk, "test": "ielts_academic", "score": "7", "taken_on": "2025-05-17"},
        {
            "id": duolingo.pk,
            "test": "duolingo",
            "score": "115",
            "taken_on": "2025-01-10",
            "DELETE": "on",
        },
    ]

    response = client_as(owner).post(PAGE, _page_data(STUDENT, rows, initial=2))

    assert response.status_code == 302
    assert [(c.test, c.score) for c in profile.certificates.all()] == [("ielts_academic", "7")]
    assert AuditEntry.objects.filter(action="erasmusdesk.profile.changed").count() == 1


def test_bad_input_names_each_field_and_saves_nothing(client_as, people):
    owner = people["owner"]

    response = client_as(owner).post(
        PAGE,
        _page_data(
            {**STUDENT, "given_names": "Айгерим"},
            [{"test": "ielts_academic", "score": "6.3", "taken_on": "2025-05-17"}],
        ),
    )

    assert response.status_code == 400
    html = response.content.decode()
    assert '<a href="#id_given_names">Given names: Use Latin letters (A-Z) only' in html
    assert (
        '<a href="#id_certificates-0-score">Certificate 1, Overall score: An IELTS score is a '
        "band from 0 to 9 in steps of 0.5, e.g. 6.5.</a>"
    ) in html
    assert 'aria-describedby="id_given_names-error id_given_names-hint"' in html
    assert not ApplicantProfile.objects.filter(user=owner).exists()
    assert not LanguageCertificate.objects.exists()
    assert not AuditEntry.objects.exists()


def test_a_bad_certificate_leaves_the_saved_profile_unchanged(client_as, people):
    owner = people["owner"]
    save_profile(owner, {**STUDENT, "date_of_birth": date(2004, 3, 12)}, by=owner)

    response = client_as(owner).post(
        PAGE,
        _page_data(
            {**STUDENT, "faculty": "Faculty of Law"},
            [{"test": "cambridge", "score": "250", "taken_on": "2025-05-17"}],
        ),
    )

    assert response.status_code == 400
    profile = ApplicantProfile.objects.get(user=owner)
    assert profile.faculty == "Faculty of Information Technology"
    assert not profile.certificates.exists()


def test_each_person_sees_only_their_own_profile(client_as, people):
    owner = people["owner"]
    save_profile(owner, {**STUDENT, "date_of_birth": date(2004, 3, 12)}, by=owner)

    for key in ("other_applicant", "evaluator", "coordinator", "partner_contact"):
        page = client_as(people[key]).get(PAGE)
        assert page.status_code == 200, key
        assert "Nurlanova" not in page.content.decode(), key
    assert "Nurlanova" in client_as(owner).get(PAGE).content.decode()


def test_the_page_has_three_certificate_rows_and_no_script(client_as, people):
    html = client_as(people["owner"]).get(PAGE).content.decode()

    assert html.count('name="certificates-2-test"') == 1
    assert 'name="certificates-3-test"' not in html
    assert "<script" not in html
    assert '<input type="tel" name="phone"' in html
    assert '<option value="">---------</option>' not in html


# --- the service and what is missing -------------------------------------------------------


def test_save_profile_refuses_someone_else(people):
    with pytest.raises(DomainError) as refused:
        save_profile(people["owner"], {"given_names": "X"}, by=people["other_applicant"])

    assert str(refused.value.message) == "You may only change your own profile."
    assert not ApplicantProfile.objects.exists()


def test_save_profile_refuses_a_fourth_certificate(people):
    owner = people["owner"]
    certificate = {"test": "toefl_ibt", "score": "90", "taken_on": date(2025, 1, 1)}

    with pytest.raises(DomainError):
        save_profile(
            owner, {**STUDENT, "date_of_birth": date(2004, 3, 12)}, [certificate] * 4, by=owner
        )

    assert not ApplicantProfile.objects.exists()


def test_save_profile_refuses_another_persons_certificate(people):
    owner, other = people["owner"], people["other_applicant"]
    theirs = save_profile(
        other,
        {**STUDENT, "date_of_birth": date(2004, 3, 12)},
        [{"test": "toefl_ibt", "score": "90", "taken_on": date(2025, 1, 1)}],
        by=other,
    ).certificates.get()

    with pytest.raises(DomainError):
        save_profile(
            owner,
            {**STUDENT, "date_of_birth": date(2004, 3, 12)},
            [{"id": theirs.pk, "test": "toefl_ibt", "score": "120", "taken_on": date(2025, 1, 1)}],
            by=owner,
        )

    theirs.refresh_from_db()
    assert theirs.score == "90"


def test_missing_fields_of_someone_without_a_profile(people):
    assert missing_profile_fields(people["owner"]) == [
        "given names",
        "family name",
        "date of birth",
        "citizenship",
        "applicant category",
        "faculty or department",
    ]


def test_missing_fields_of_a_student_include_studies(people):
    owner = people["owner"]
    profile = ApplicantProfile.objects.create(
        user=owner,
        given_names="Aigerim",
        family_name="Nurlanova",
        date_of_birth=date(2004, 3, 12),
        citizenship="KZ",
        category="master",
        faculty="Faculty of Law",
    )

    assert missing_profile_fields(owner) == [
        "study programme",
        "year of study",
        "grade average",
        "grade scale",
    ]
    profile.category = "staff"
    profile.save()
    assert missing_profile_fields(owner) == []


def test_nothing_is_missing_after_a_complete_save(people):
    owner = people["owner"]
    save_profile(
        owner,
        {**STUDENT, "date_of_birth": date(2004, 3, 12), "grade_average": Decimal("3.45")},
        by=owner,
    )

    assert missing_profile_fields(owner) == []


def test_missing_fields_are_in_the_page_language(people):
    from django.utils import translation

    with translation.override("kk"):
        labels = missing_profile_fields(people["owner"])

    assert len(labels) == 6


def test_the_page_lists_what_is_missing(client_as, people):
    html = client_as(people["owner"]).get(PAGE).content.decode()

    assert "Before you can apply, fill in:" in html
    assert "<li>Date of birth</li>" in html
