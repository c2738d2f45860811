"""Which of a call's places fit an applicant: category, level and subject area.

Rules (issue "Applicant portal", part 2; our reading of the agreements' conditions):
- Students (bachelor, master, doctoral) go on student mobility (studies or traineeship),
  teachers on staff mobility for teaching, other staff on staff mobility for training
  (Erasmus+ Programme Guide 2026, KA171 activities).
- A student's EQF level must be among the condition's levels: bachelor 6, master 7,
  doctoral 8 (European Qualifications Framework); a condition without levels is open to all.
- The subject area must share its ISCED-F 2013 broad field (first two digits) with the
  condition's, except for staff training, which is not tied to a subject.
"""

from erasmusdesk.calls.models import ApplicantCategory, Call
from erasmusdesk.calls.services import call_places
from erasmusdesk.institutions.models import EqfLevel, MobilityCondition, MobilityType

MOBILITY_TYPES = {
    ApplicantCategory.BACHELOR: MobilityType.student_types(),
    ApplicantCategory.MASTER: MobilityType.student_types(),
    ApplicantCategory.DOCTORAL: MobilityType.student_types(),
    ApplicantCategory.TEACHER: {MobilityType.STAFF_TEACHING},
    ApplicantCategory.STAFF: {MobilityType.STAFF_TRAINING},
}
EQF_LEVEL = {
    ApplicantCategory.BACHELOR: EqfLevel.BACHELOR,
    ApplicantCategory.MASTER: EqfLevel.MASTER,
    ApplicantCategory.DOCTORAL: EqfLevel.DOCTORATE,
}


def fits(place: MobilityCondition, category: str, subject_area: str) -> bool:
    """Whether one place fits an applicant of ``category`` in ``subject_area``."""
    if place.mobility_type not in MOBILITY_TYPES.get(category, set()):
        return False
    level = EQF_LEVEL.get(category)
    if level and place.eqf_level_list and level not in place.eqf_level_list:
        return False
    if place.mobility_type == MobilityType.STAFF_TRAINING or not place.isced_code:
        return True
    return bool(subject_area) and subject_area[:2] == place.isced_code[:2]


def places_for(call: Call, category: str, subject_area: str) -> list[MobilityCondition]:
    """The call's places that fit, in the call's order (country, partner, subject)."""
    return [place for place in call_places(call) if fits(place, category, subject_area)]


def place_label(place: MobilityCondition) -> str:
    """ "University of X (Germany) · student mobility for studies · 0613 Software ..."."""
    partner = place.agreement.partner
    return (
        f"{partner.name} ({partner.country.name}) · {place.get_mobility_type_display()}"
        f" · {place.subject_area_label}"
    )
