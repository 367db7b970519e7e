import pytest

from tests.accounts.mailserver import smtp_server

__all__ = ["smtp_server"]


@pytest.fixture(autouse=True)
def fast_password_hashing(settings):
    """Hashing passwords the production way costs ~0.3 s each; these tests make many users."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
