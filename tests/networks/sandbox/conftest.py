"""A bakery workspace with its practice account, connected the way the settings page does."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from comptoir.networks import actions
from comptoir.networks.sandbox.connector import SandboxConnector
from tests.factories import WorkspaceFactory

# A Saturday at 10:00 in Orléans: customers are awake.
MORNING = datetime(2026, 4, 18, 8, 0, tzinfo=UTC)


def connect_sandbox(workspace, name: str = "Boulangerie Martin"):
    info = SandboxConnector.connect({"display_name": name})
    return actions.save_connection(workspace, "sandbox", info, None)


@pytest.fixture
def bakery(db):
    return WorkspaceFactory(
        name="Boulangerie Martin", sector="food", address="42 rue de Bourgogne, 45000 Orléans"
    )


@pytest.fixture
def account(bakery):
    return connect_sandbox(bakery)


@pytest.fixture
def connector(account):
    return SandboxConnector(account)
