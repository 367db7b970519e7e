"""A bakery's practice account with its webhook on, and a way to call it as a network does."""

from __future__ import annotations

import pytest

from comptoir.webhooks import hooks, signing
from tests.networks.sandbox.conftest import account, bakery  # noqa: F401 - shared fixtures

PUBLIC = "https://comptoir.boulangerie-martin.fr"


@pytest.fixture
def hook(account):  # noqa: F811 - the sandbox fixture, by name
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
