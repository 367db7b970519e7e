"""A bakery's practice account with its webhook on, and a way to call it as a network does."""

from __future__ import annotations

import pytest

from comptoir.webhooks import hooks, signing
from tests.factories import WorkspaceFactory
from tests.networks.sandbox.conftest import connect_sandbox

PUBLIC = "https://comptoir.boulangerie-martin.fr"


@pytest.fixture
def bakery(db):
    return WorkspaceFactory(
        name="Boulangerie Martin", sector="food", address="42 rue de Bourgogne, 45000 Orléans"
    )


@pytest.fixture
def account(bakery):
    return connect_sandbox(bakery)


@pytest.fixture
def hook(account):
    return hooks.turn_on(account)


def call(client, hook_or_token, body=b'{"events": []}', secret=None, **headers):
    """POST like the network: the body signed with the hook's secret unless told otherwise."""
    token = hook_or_token if isinstance(hook_or_token, str) else hook_or_token.token
    if secret is None and not isinstance(hook_or_token, str):
        secret = hook_or_token.secret
    extra = {}
    if secret is not None:
        extra["HTTP_X_COMPTOIR_SIGNATURE"] = signing.signature(secret, body)
    extra.update(headers)
    return client.post(f"/hooks/{token}/", body, content_type="application/json", **extra)
