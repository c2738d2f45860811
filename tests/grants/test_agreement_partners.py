"""A grant agreement names only a partner with a signed agreement in force."""

from erasmusdesk.core import clock
from erasmusdesk.grants.office_forms import AgreementForm
from tests import factories


def test_only_partners_with_an_agreement_in_force_are_offered(db):
    year = clock.academic_year()
    in_force = factories.partner("Uniwersytet Testowy", erasmus_code="PL WARSZAW01")
    factories.agreement(in_force)
    expired = factories.partner("Universidade de Teste", country="PT", city="Lisbon")
    factories.agreement(expired, first=year - 4, last=year - 1)
    draft = factories.partner("Università di Prova", country="IT", city="Rome")
    factories.agreement(draft, status="draft")
    terminated = factories.partner("Université d'Essai", country="FR", city="Paris")
    factories.agreement(terminated, status="terminated")
    factories.partner("No Agreement University", country="DE", city="Berlin")

    offered = list(AgreementForm().fields["host_institution"].queryset)
    assert offered == [in_force]
