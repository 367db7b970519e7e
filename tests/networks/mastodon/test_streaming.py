"""Live notifications through the instance's streaming API."""

from __future__ import annotations

import queue
import threading
import time

import httpx
import pytest

from comptoir.networks.base import IncomingItem
from comptoir.networks.errors import ErrorKind, NetworkError, PrivateAddressError
from comptoir.networks.mastodon.connector import MastodonConnector
from comptoir.networks.mastodon.streaming import stream_user
from tests.networks.mastodon.breakable import BreakableProxy


@pytest.fixture
def breakable(server):
    proxy = BreakableProxy(server.port)
    yield proxy
    proxy.close()


def run_stream(account, received: queue.Queue[IncomingItem], on_open=None):
    stop = threading.Event()
    failures: list[BaseException] = []

    def target() -> None:
        try:
            stream_user(account, received.put, stop, on_open)
        except BaseException as exc:  # reported to the test
            failures.append(exc)

    thread = threading.Thread(target=target, daemon=True)
    thread.start()
    return stop, thread, failures


def test_a_mention_arrives_through_the_stream_and_stopping_is_prompt(alice_account, bob):
    received: queue.Queue[IncomingItem] = queue.Queue()
    stop, thread, failures = run_stream(alice_account, received)
    item = None
    # The subscription opens asynchronously: mention until the stream hears one.
    for attempt in range(20):
        bob.status_post(f"@alice vous êtes ouverts ? ({attempt})")
        try:
            item = received.get(timeout=0.5)
            break
        except queue.Empty:
            continue
    assert item is not None, failures
    assert item.kind == "mention"
    assert item.author.handle == "@bob@mock.local"
    assert item.text.startswith("@alice vous êtes ouverts ?")

    started = time.monotonic()
    stop.set()
    thread.join(timeout=5)
    assert not thread.is_alive()
    assert time.monotonic() - started < 2
    assert failures == []


def test_a_revoked_token_ends_the_stream_with_a_classified_error(alice_account):
    alice_account.credentials = {**alice_account.credentials, "access_token": "revoked"}
    with pytest.raises(NetworkError) as caught:
        stream_user(alice_account, lambda item: None, threading.Event())
    assert caught.value.kind is ErrorKind.AUTH_EXPIRED


def test_a_streaming_server_on_a_private_network_is_refused(server, alice_account):
    """The instance names its streaming host itself: it is checked like the instance."""
    instance = httpx.get(f"{server.base_url}/api/v1/instance").json()
    instance["urls"]["streaming_api"] = "wss://10.1.2.3"
    with (
        server.fault(
            path_regex=r"^/api/v1/instance/?$", methods=["GET"], status=200, body=instance
        ),
        pytest.raises(PrivateAddressError),
    ):
        stream_user(alice_account, lambda item: None, threading.Event())


def test_a_lost_connection_ends_the_stream_with_an_error_worth_retrying(
    alice_account, breakable, bob
):
    """Mastodon.py would reconnect silently; the caller must know, to read what it missed."""
    alice_account.server_url = breakable.base_url
    received: queue.Queue[IncomingItem] = queue.Queue()
    opened = threading.Event()
    _stop, thread, failures = run_stream(alice_account, received, opened.set)
    assert opened.wait(timeout=10), failures

    breakable.cut()
    thread.join(timeout=10)

    assert not thread.is_alive()
    [error] = failures
    assert isinstance(error, NetworkError)
    assert error.kind is ErrorKind.NETWORK
    assert error.safe_to_retry


def test_the_connector_offers_the_stream_as_its_live_stream(alice_account, bob):
    connector = MastodonConnector(alice_account)
    received: queue.Queue[IncomingItem] = queue.Queue()
    opened = threading.Event()
    stop = threading.Event()
    thread = threading.Thread(
        target=connector.stream, args=(received.put, stop, opened.set), daemon=True
    )
    thread.start()
    assert opened.wait(timeout=10)
    bob.status_post("@alice une question en direct")
    item = received.get(timeout=10)
    assert (item.kind, item.text) == ("mention", "@alice une question en direct")
    stop.set()
    thread.join(timeout=5)
    assert not thread.is_alive()
