"""A student's Erasmus Mundus applications are in their personal-data download and go with
an erasure; a teacher's Jean Monnet proposals are in the download."""

from erasmusdesk.accounts.erasure import erase_personal_data
from erasmusdesk.accounts.personal_data import collect
from erasmusdesk.mundus.models import MundusApplication
from tests.factories import jeanmonnet as jean_monnet_builders
from tests.factories import mundus as builders


def test_the_download_holds_the_applications_and_proposals(people):
    builders.application(people["owner"], builders.programme(), intake_year=2027)
    jean_monnet_builders.proposal(people["owner"])
    data, _files = collect(people["owner"])
    assert data["erasmus_mundus_applications"][0]["intake_year"] == 2027
    assert data["jean_monnet_proposals"][0]["action"] == "module"


def test_an_erasure_deletes_the_students_applications(people):
    builders.application(people["owner"], builders.programme())
    builders.application(people["other_applicant"], builders.programme(name="Other"))
    erase_personal_data(people["owner"], by=people["coordinator"])
    assert list(MundusApplication.objects.values_list("student", flat=True)) == [
        people["other_applicant"].pk
    ]
