"""The pure advisor: who fits which opportunity, every rule's boundary (no database)."""

import pytest

from erasmusdesk.advisor import fit
from tests.factories.advisor import default_rules, visitor

RULES = default_rules()
SLUGS = sorted({rule.slug for rule in RULES})


def _assess(person) -> dict[str, fit.Assessment]:
    return {a.slug: a for a in fit.assess(person, SLUGS, RULES)}


def _fitting(person) -> set[str]:
    return {slug for slug, a in _assess(person).items() if a.fits}


def _paths(person, slug) -> dict[str, bool]:
    return {path.activity: path.fits for path in _assess(person)[slug].paths}


def test_a_bachelor_in_year_2_fits_credit_mobility_for_study_and_traineeship():
    person = visitor("student", level="bachelor", year=2)
    assert _paths(person, "international-credit-mobility") == {
        "study": True,
        "traineeship": True,
        "teaching": False,
        "training": False,
    }
    assert _fitting(person) == {"international-credit-mobility"}


def test_a_bachelor_in_year_1_does_not_fit_credit_mobility_yet():
    person = visitor("student", level="bachelor", year=1)
    assessment = _assess(person)["international-credit-mobility"]
    assert assessment.fits is False
    study = assessment.paths[0]
    assert study.reasons[0].code == fit.REASON_YEAR_TOO_EARLY
    assert study.reasons[0].values == {"year": 1, "minimum": 2}


def test_a_bachelor_without_a_year_is_asked_for_it():
    reasons = _assess(visitor("student", level="bachelor"))["international-credit-mobility"]
    assert reasons.paths[0].reasons[0].code == fit.REASON_YEAR_MISSING


def test_a_student_without_a_level_is_asked_for_it():
    assessment = _assess(visitor("student"))["international-credit-mobility"]
    assert assessment.fits is False
    assert assessment.paths[0].reasons[0].code == fit.REASON_LEVEL_MISSING


def test_a_master_student_fits_credit_mobility_whatever_the_year_and_erasmus_mundus():
    person = visitor("student", level="master", year=1)
    assert _fitting(person) == {"international-credit-mobility", "erasmus-mundus-joint-masters"}


def test_erasmus_mundus_needs_a_first_degree_by_the_programmes_start():
    without = _assess(visitor("student", level="bachelor", year=3))["erasmus-mundus-joint-masters"]
    assert without.fits is False
    assert [r.code for r in without.paths[0].reasons] == [
        fit.REASON_DEGREE_NEEDED,
        fit.REASON_ROLE_FITS,
    ]
    graduate = visitor("student", level="bachelor", year=4, has_degree=True)
    assert _assess(graduate)["erasmus-mundus-joint-masters"].fits is True


@pytest.mark.parametrize(
    ("language", "fits"), [("A2", False), ("B1", True), ("C1", True), (None, True)]
)
def test_credit_mobility_english_b1_boundary(language, fits):
    person = visitor("student", level="bachelor", year=2, language=language)
    assert _paths(person, "international-credit-mobility")["study"] is fits


def test_a_professor_fits_teaching_mobility_a_module_and_a_chair():
    person = visitor("teacher", position="professor")
    assert _paths(person, "international-credit-mobility") == {
        "study": False,
        "traineeship": False,
        "teaching": True,
        "training": True,
    }
    assert _fitting(person) == {
        "international-credit-mobility",
        "jean-monnet",
        "jean-monnet-modules",
        "jean-monnet-chairs",
        "jean-monnet-networks",
        "jean-monnet-projects",
        "capacity-building-higher-education",
    }


@pytest.mark.parametrize(
    ("position", "fits"),
    [("professor", True), ("senior_lecturer", True), ("lecturer", False), ("researcher", False)],
)
def test_a_chair_is_held_by_a_professor_or_senior_lecturer(position, fits):
    assert _assess(visitor("teacher", position=position))["jean-monnet-chairs"].fits is fits


def test_a_teacher_without_a_position_is_asked_for_it_for_a_chair():
    chair = _assess(visitor("teacher"))["jean-monnet-chairs"]
    assert chair.fits is False
    assert chair.paths[0].reasons[0].code == fit.REASON_POSITION_MISSING


def test_administrative_staff_fit_training_mobility_and_capacity_building_only():
    person = visitor("staff")
    assert _paths(person, "international-credit-mobility") == {
        "study": False,
        "traineeship": False,
        "teaching": False,
        "training": True,
    }
    assert _fitting(person) == {
        "international-credit-mobility",
        "capacity-building-higher-education",
    }


@pytest.mark.parametrize("role", ["student", "teacher", "staff"])
def test_centres_and_support_to_associations_are_for_institutions(role):
    assessed = _assess(visitor(role, position="professor"))
    for slug in ("jean-monnet-centres-of-excellence", "jean-monnet-support-to-associations"):
        assert assessed[slug].fits is False
        assert assessed[slug].paths[0].reasons[0].code == fit.REASON_INSTITUTIONAL


def test_a_students_role_reason_names_the_roles_allowed():
    (path,) = _assess(visitor("student", level="master"))["jean-monnet-modules"].paths
    assert path.reasons[0].code == fit.REASON_ROLE_NOT
    assert path.reasons[0].values["roles"] == (fit.Role.TEACHER,)


def test_an_opportunity_without_rules_does_not_fit_and_says_so():
    (assessment,) = fit.assess(visitor("staff"), ["new-opportunity"], RULES)
    assert assessment.fits is False
    assert assessment.paths[0].reasons[0].code == fit.REASON_NO_RULES


def test_a_level_outside_the_rule_is_refused():
    rule = fit.Rule(slug="x", source="s", roles=(fit.Role.STUDENT,), levels=(fit.Level.MASTER,))
    path = fit.assess_rule(visitor("student", level="bachelor"), rule)
    assert (path.fits, path.reasons[0].code) == (False, fit.REASON_LEVEL_NOT)


def test_every_default_rule_names_a_source():
    assert all(rule.source.strip() for rule in RULES)
