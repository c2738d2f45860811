import pytest

from erasmusdesk.ewp import client
from tests import factories
from tests.factories import ewp as builders


@pytest.fixture
def nodes(settings, tmp_path, db):
    """Installation A (our university, the home institution) and B (a European partner),
    each with its key and HEI id, in one catalogue made from both manifests."""
    home = factories.partner(
        "Atyrau University",
        country="KZ",
        city="Atyrau",
        latitude="47.094500",
        longitude="51.923800",
        is_home=True,
        ewp_hei_id="a.example",
    )
    home.units.create(name="Faculty of Economics", code="ECON")
    factories.partner(
        "Universität Beispiel",
        country="AT",
        city="Vienna",
        latitude="48.208490",
        longitude="16.372080",
        ewp_hei_id="b.example",
    )
    a = builders.installation(tmp_path, "a.example")
    b = builders.installation(tmp_path, "b.example")
    builders.network(settings, tmp_path, a, b)
    yield a, b
    client.set_transport(None)
