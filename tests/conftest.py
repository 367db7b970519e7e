"""Shared fixtures.

``require_peer`` is how a test says it needs a real server (PostgreSQL, Redis, Chromium,
SMTP...): outside CI a missing peer skips the test with the reason; with ``CI=true`` it
fails it, because CI must exercise every peer.
"""

from __future__ import annotations

import os
from collections.abc import Callable

import pytest
from django.test import Client

from tests.factories import MembershipFactory, UserFactory, WorkspaceFactory

IN_CI = os.environ.get("CI", "").lower() == "true"


def require_peer(name: str, available: Callable[[], bool]) -> None:
    if available():
        return
    message = f"{name} is not available on this machine"
    if IN_CI:
        pytest.fail(f"{message}; CI needs it.")
    pytest.skip(message)


@pytest.fixture(autouse=True)
def fast_password_hashing(settings):
    """Hashing passwords the production way costs ~0.3 s each; tests make many users."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def user(db):
    return UserFactory()


@pytest.fixture
def workspace(db):
    return WorkspaceFactory()


@pytest.fixture
def owner(workspace):
    return MembershipFactory(workspace=workspace, role="owner").user


@pytest.fixture
def owner_client(owner) -> Client:
    client = Client()
    client.force_login(owner)
    return client


@pytest.fixture
def member_factory(workspace):
    """Make a member of ``workspace`` with a role, signed in on a fresh client."""

    def make(role: str = "member") -> tuple[object, Client]:
        membership = MembershipFactory(workspace=workspace, role=role)
        client = Client()
        client.force_login(membership.user)
        return membership, client

    return make


# --- PostgreSQL and Redis -------------------------------------------------------------
# Redis tests use a database number of their own (15 unless COMPTOIR_TEST_REDIS_URL says
# otherwise) and flush only that one, never the data of a Comptoir running on this machine.
TEST_REDIS_URL = os.environ.get("COMPTOIR_TEST_REDIS_URL") or "redis://127.0.0.1:6379/15"
TEST_POSTGRES_URL = os.environ.get("COMPTOIR_TEST_POSTGRES_URL") or (
    "postgres://postgres@127.0.0.1:5432/postgres"
)


def redis_available(url: str = TEST_REDIS_URL) -> bool:
    import redis

    try:
        return bool(redis.Redis.from_url(url, socket_connect_timeout=2).ping())
    except (redis.RedisError, OSError):
        return False


def postgres_available(url: str = TEST_POSTGRES_URL) -> bool:
    import psycopg

    try:
        with psycopg.connect(url, connect_timeout=2) as connection:
            connection.execute("SELECT 1")
        return True
    except psycopg.Error:
        return False


@pytest.fixture
def redis_db():
    """The test Redis database, empty at the start and end of the test (needs Redis)."""
    import redis

    require_peer("Redis", redis_available)
    client = redis.Redis.from_url(TEST_REDIS_URL)
    client.flushdb()
    yield client
    client.flushdb()
    client.close()
