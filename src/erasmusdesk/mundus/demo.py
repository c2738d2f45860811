"""Demo Joint Masters for the directory: real programmes as their consortia published them
(check each programme's own site for the current facts); application windows follow the
day the demo is loaded (October to mid-January). Idempotent: by name."""

from datetime import date

from erasmusdesk.core import clock
from erasmusdesk.mundus.models import DegreeType, JointMaster
from erasmusdesk.mundus.services import save_programme

DEMO_PROGRAMMES = [
    {
        "name": "Copernicus Master in Digital Earth",
        "acronym": "CDE",
        "ects": 120,
        "duration_months": 24,
        "degree_type": DegreeType.MULTIPLE,
        "call_year": 2021,
        "website": "https://master-cde.eu/",
        "members": [
            ("Paris Lodron University of Salzburg", "AT", True),
            ("Université Bretagne Sud", "FR", False),
            ("Palacký University Olomouc", "CZ", False),
        ],
    },
    {
        "name": "Environmental Sciences, Policy and Management",
        "acronym": "MESPOM",
        "ects": 120,
        "duration_months": 24,
        "degree_type": DegreeType.MULTIPLE,
        "call_year": 2021,
        "website": "https://mespom.eu/",
        "members": [
            ("University of the Aegean", "EL", True),
            ("Lund University", "SE", False),
            ("Central European University", "AT", False),
        ],
    },
    {
        "name": "Europhotonics",
        "acronym": "EUROPHOTONICS",
        "ects": 120,
        "duration_months": 24,
        "degree_type": DegreeType.MULTIPLE,
        "call_year": 2022,
        "website": "https://www.europhotonics.org/",
        "members": [
            ("Aix-Marseille University", "FR", True),
            ("Karlsruhe Institute of Technology", "DE", False),
            ("Universitat Politècnica de Catalunya", "ES", False),
        ],
    },
]


def load_demo_programmes() -> int:
    """Create the demo programmes that are missing; return how many were created."""
    today = clock.localdate()
    first = today.year if today.month >= 10 else today.year - 1
    created = 0
    for row in DEMO_PROGRAMMES:
        if JointMaster.objects.filter(name=row["name"]).exists():
            continue
        values = {k: v for k, v in row.items() if k != "members"}
        programme = JointMaster(
            **values,
            applications_open=date(first, 10, 1),
            applications_close=date(first + 1, 1, 15),
        )
        save_programme(programme, row["members"], by=None)
        created += 1
    return created
