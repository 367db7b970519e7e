"""Both real peers in one test: the local Bluesky network and the Mastodon emulator.

Import what a test folder needs into its ``conftest.py`` (``from tests.peer_fixtures
import ...``). The two servers are session-scoped and start only when a test asks for
them; each fixture skips outside CI and fails in CI when its peer is missing
(``require_peer``).

- ``bluesky_network``: PLC, PDS and AppView (``tests/peers/bluesky_network.py``).
- ``mastodon_server``: the mastodon-mock emulator, seeded with alice, bob, carol and dave.
- ``peers_allowed``: lets the connectors reach both servers on loopback for this test.
- ``bluesky_business`` / ``mastodon_business``: the workspace's account on each peer,
  connected as the connect pages would leave it, with a client to read back what the
  business published (as another person of that network sees it).
"""

from __future__ import annotations

import importlib.util
import secrets
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import pytest
from atproto import Client, models

from comptoir.networks import actions
from comptoir.networks.bluesky import api as bluesky_api
from comptoir.networks.bluesky.connector import BlueskyConnector
from comptoir.networks.mastodon import oauth
from comptoir.networks.models import ConnectedAccount
from tests.conftest import require_peer
from tests.peers.bluesky_network import BlueskyNetwork, bluesky_network, wait_for

__all__ = [
    "BlueskyBusiness",
    "MastodonBusiness",
    "bluesky_business",
    "bluesky_network",
    "emulator_installed",
    "mastodon_business",
    "mastodon_server",
    "peers_allowed",
]


def emulator_installed() -> bool:
    return all(importlib.util.find_spec(name) for name in ("mastodon_mock", "uvicorn"))


@pytest.fixture(scope="session")
def mastodon_server() -> Iterator[Any]:
    """One emulator for the whole session; tests reset it to its seed (``server.reset()``)."""
    require_peer("Mastodon emulator", emulator_installed)
    from mastodon_mock.config import DatabaseConfig, MastodonMockConfig, StreamingConfig
    from mastodon_mock.testing.seed import DEFAULT_TEST_SEED
    from mastodon_mock.testing.server import MockServer

    config = MastodonMockConfig(
        database=DatabaseConfig(path=":memory:"),
        seed=DEFAULT_TEST_SEED,
        # A low heartbeat lets a closed stream notice at once (Mastodon sends one every 15 s).
        streaming=StreamingConfig(heartbeat_seconds=0.5),
    )
    with MockServer(config=config) as server:
        yield server


@pytest.fixture
def peers_allowed(settings: Any) -> Iterator[None]:
    """Loopback servers are refused by default (``check_public_url``); allow them here."""
    settings.ALLOWED_PRIVATE_HOSTS = ["localhost", "127.0.0.1"]
    bluesky_api.forget_sessions()
    yield
    bluesky_api.forget_sessions()


@dataclass(frozen=True)
class BlueskyBusiness:
    account: ConnectedAccount
    handle: str
    did: str
    # Another person of the network, logged in with the SDK: reads go through the AppView.
    reader: Client


def bluesky_login(network: BlueskyNetwork, name: str) -> tuple[str, str, str, Client]:
    """A new account on the PDS: (handle, did, password, a logged-in SDK client)."""
    handle, did, password = network.create_account(f"{name}{secrets.token_hex(3)}")
    client = Client(base_url=network.pds_url)

    def attempt() -> Client:
        client.login(handle, password)
        return client

    return handle, did, password, wait_for(attempt, what=f"the AppView to know {handle}")


@pytest.fixture
def bluesky_business(
    bluesky_network: BlueskyNetwork, workspace: Any, peers_allowed: None
) -> BlueskyBusiness:
    """A fresh Bluesky account connected to ``workspace`` with an app password."""
    handle, did, _password, client = bluesky_login(bluesky_network, "shop")
    app_password = client.com.atproto.server.create_app_password(
        models.ComAtprotoServerCreateAppPassword.Data(name="Comptoir")
    ).password
    info = BlueskyConnector.connect(
        {"handle": handle, "app_password": app_password, "server": bluesky_network.pds_url}
    )
    account = actions.save_connection(workspace, "bluesky", info, None)
    *_, reader = bluesky_login(bluesky_network, "reader")
    return BlueskyBusiness(account=account, handle=handle, did=did, reader=reader)


@dataclass(frozen=True)
class MastodonBusiness:
    account: ConnectedAccount
    server: Any
    # bob on the same server, through Mastodon.py: he reads what the business published.
    reader: Any


@pytest.fixture
def mastodon_business(
    mastodon_server: Any, workspace: Any, peers_allowed: None
) -> MastodonBusiness:
    """alice's account on the emulator (reset to its seed), connected to ``workspace``."""
    mastodon_server.reset()
    app = oauth.App("test-client", "test-secret")
    info = oauth.account_info(
        mastodon_server.base_url, app, "urn:ietf:wg:oauth:2.0:oob", "alice_token"
    )
    account = actions.save_connection(workspace, "mastodon", info, None)
    return MastodonBusiness(
        account=account, server=mastodon_server, reader=mastodon_server.client("bob")
    )
