import pytest

from tests.accounts.mailserver import smtp_server
from tests.e2e.conftest import (
    browser_type_launch_args,
    chromium_path,
    open_page,
    pytest_collection_modifyitems,
)

__all__ = [
    "browser_type_launch_args",
    "chromium_path",
    "open_page",
    "pytest_collection_modifyitems",
    "smtp_server",
]


@pytest.fixture(autouse=True)
def fast_password_hashing(settings):
    """Hashing passwords the production way costs ~0.3 s each; these tests make many users."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
