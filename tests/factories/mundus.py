"""Builders of Erasmus Mundus programmes and students' applications to them."""

from datetime import timedelta

from erasmusdesk.core import clock
from erasmusdesk.mundus import rules as pure
from erasmusdesk.mundus.defaults import CONSORTIUM_RULES
from erasmusdesk.mundus.models import DegreeType, JointMaster, MundusApplication
from erasmusdesk.mundus.services import save_programme

THREE_EU = [
    ("Université de Lyon", "FR", True),
    ("Universität Wien", "AT", False),
    ("University of Athens", "EL", False),
]


def programme(*, members=None, **fields) -> JointMaster:
    """A 2022 programme of 120 ECTS over 24 months with three EU members (meets the rules)."""
    today = clock.localdate()
    values = {
        "name": "Joint Master in Caspian Studies",
        "acronym": "CASPIAN",
        "ects": 120,
        "duration_months": 24,
        "degree_type": DegreeType.JOINT,
        "call_year": 2022,
        "applications_open": today - timedelta(days=10),
        "applications_close": today + timedelta(days=30),
        "website": "https://caspian-master.example/",
    }
    values.update(fields)
    return save_programme(JointMaster(**values), members or THREE_EU, by=None)


def application(student, item: JointMaster, *, intake_year: int = 2027, outcome: str = "applied"):
    return MundusApplication.objects.create(
        student=student, programme=item, intake_year=intake_year, outcome=outcome
    )


def consortium_rules(year: int) -> pure.ConsortiumRules:
    """The shipped rules of ``year`` as pure values (no database)."""
    rows = [
        pure.ConsortiumRules(
            **{**row, "programme_countries": frozenset(row["programme_countries"])}
        )
        for row in CONSORTIUM_RULES
    ]
    return pure.consortium_rules_for(rows, year)
