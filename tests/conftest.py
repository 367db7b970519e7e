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
