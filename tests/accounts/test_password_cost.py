"""Password hashes: Argon2id with OWASP's parameters; an older hash still signs in and is
re-made with them."""

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import Argon2PasswordHasher as DjangoArgon2

from erasmusdesk import settings as production_settings

pytestmark = pytest.mark.django_db
PASSWORD = "Steppe-wind-2026-long"


@pytest.fixture
def production_hashers(settings):
    settings.PASSWORD_HASHERS = production_settings.PASSWORD_HASHERS


def test_a_new_hash_uses_owasps_argon2id_parameters(production_hashers):
    user = get_user_model().objects.create_user("aruzhan", password=PASSWORD)
    assert user.password.startswith("argon2$argon2id$v=19$m=19456,t=2,p=1$")


def test_a_hash_with_djangos_old_parameters_signs_in_and_is_remade(client, production_hashers):
    user = get_user_model().objects.create_user("bolat", email="bolat@example.org")
    user.password = DjangoArgon2().encode(PASSWORD, DjangoArgon2().salt())
    user.save()
    assert "m=102400,t=2,p=8" in user.password

    assert user.check_password(PASSWORD)

    user.refresh_from_db()
    assert "m=19456,t=2,p=1" in user.password
    assert user.check_password(PASSWORD)
    assert not user.check_password("wrong-password-2026")
