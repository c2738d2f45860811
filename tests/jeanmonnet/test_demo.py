"""The demo teacher's Jean Monnet proposals: one with the office, one draft breaking rules."""

from erasmusdesk.accounts.demo import load_demo_accounts
from erasmusdesk.jeanmonnet import services
from erasmusdesk.jeanmonnet.demo import load_demo_proposals
from erasmusdesk.jeanmonnet.models import Proposal


def test_the_demo_proposals_load_once(db):
    load_demo_accounts()
    assert load_demo_proposals() == 2
    assert load_demo_proposals() == 0
    module = Proposal.objects.get(action="module")
    chair = Proposal.objects.get(action="chair")
    assert module.state == "in_review"
    assert [p.rule for p in services.check_saved_proposal(chair)[1]] == [
        "min_hours_per_year",
        "max_grant_eur",
    ]
