"""Failures injected into the emulator: each one is classified, reads are retried only
when that is safe, and nothing is lost."""

from __future__ import annotations

import socket

import pytest

from comptoir.networks.errors import ErrorKind, NetworkError
from comptoir.networks.mastodon.connector import MastodonConnector

NOTIFICATIONS = "/api/v1/notifications"


def test_a_passing_server_error_on_a_read_is_retried(server, connector, bob, sleeps):
    bob.status_post("@alice bonjour")
    with server.fault(path=NOTIFICATIONS, methods=["GET"], status=503, count=1):
        batch = connector.fetch_since(None)
    assert [i.text for i in batch.items] == ["@alice bonjour"]
    assert len(sleeps) == 1


def test_a_lasting_server_error_is_classified_after_a_few_tries(server, connector, sleeps):
    with (
        server.fault(path=NOTIFICATIONS, methods=["GET"], status=503),
        pytest.raises(NetworkError) as caught,
    ):
        connector.fetch_since(None)
    assert caught.value.kind is ErrorKind.SERVER
    assert caught.value.status == 503
    assert caught.value.safe_to_retry
    assert len(sleeps) == 2  # three attempts in all


def test_a_rate_limit_gives_the_wait_asked_for_without_waiting_in_the_request(
    server, connector, sleeps
):
    with server.fault(path=NOTIFICATIONS, type="ratelimit"), pytest.raises(NetworkError) as caught:
        connector.fetch_since(None)
    assert caught.value.kind is ErrorKind.RATE_LIMITED
    assert caught.value.status == 429
    assert 250 <= caught.value.retry_after <= 300
    assert caught.value.safe_to_retry
    assert sleeps == []


def test_a_short_rate_limit_is_waited_out(server, connector, bob, sleeps):
    bob.status_post("@alice bonjour")
    with server.fault(path=NOTIFICATIONS, type="ratelimit", headers={"Retry-After": "2"}, count=1):
        batch = connector.fetch_since(None)
    assert len(batch.items) == 1
    assert sleeps == [2.0]


def test_a_rate_limited_publish_is_safe_to_retry(server, connector):
    from comptoir.networks.base import OutgoingPost

    with (
        server.fault(path="/api/v1/statuses", methods=["POST"], type="ratelimit"),
        pytest.raises(NetworkError) as caught,
    ):
        connector.publish(OutgoingPost(text="Bonjour"))
    assert caught.value.kind is ErrorKind.RATE_LIMITED
    assert not caught.value.outcome_unknown
    assert caught.value.retry_after


def test_a_malformed_body_is_classified_and_nothing_is_lost(server, connector, bob, sleeps):
    bob.status_post("@alice premier")
    cursor = connector.fetch_since(None).cursor
    bob.status_post("@alice pendant la panne")
    with (
        server.fault(path=NOTIFICATIONS, methods=["GET"], type="malformed"),
        pytest.raises(NetworkError) as caught,
    ):
        connector.fetch_since(cursor)
    assert caught.value.kind is ErrorKind.SERVER
    assert "JSON" in caught.value.detail
    # The caller keeps its cursor: the next read brings what the broken one could not.
    assert [i.text for i in connector.fetch_since(cursor).items] == ["@alice pendant la panne"]


def test_a_read_that_hangs_is_retried(server, alice_account, bob):
    bob.status_post("@alice bonjour")
    sleeps: list[float] = []
    patient = MastodonConnector(alice_account, timeout=0.5, sleep=sleeps.append)
    with server.fault(path=NOTIFICATIONS, methods=["GET"], type="timeout", count=1):
        batch = patient.fetch_since(None)
    assert len(batch.items) == 1
    assert len(sleeps) == 1


def test_a_revoked_token_means_reconnecting(server, alice_account, sleeps):
    credentials = alice_account.credentials
    alice_account.credentials = {**credentials, "access_token": "revoked"}
    connector = MastodonConnector(alice_account, sleep=sleeps.append)
    with pytest.raises(NetworkError) as caught:
        connector.fetch_since(None)
    assert caught.value.kind is ErrorKind.AUTH_EXPIRED
    assert not caught.value.safe_to_retry
    assert sleeps == []
    alice_account.record_error(caught.value)
    alice_account.refresh_from_db()
    assert alice_account.status == "broken"


def test_a_disconnected_account_cannot_be_used(server, alice_account):
    from comptoir.networks import actions

    actions.disconnect(alice_account)
    with pytest.raises(NetworkError) as caught:
        MastodonConnector(alice_account)
    assert caught.value.kind is ErrorKind.AUTH_EXPIRED


def test_an_unreachable_instance_is_a_network_error_and_a_publish_there_is_safe_to_retry(
    server, alice_account, sleeps
):
    from comptoir.networks.base import OutgoingPost

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    alice_account.server_url = f"http://127.0.0.1:{port}"
    connector = MastodonConnector(alice_account, sleep=sleeps.append)
    with pytest.raises(NetworkError) as caught:
        connector.publish(OutgoingPost(text="Bonjour"))
    assert caught.value.kind is ErrorKind.NETWORK
    assert not caught.value.outcome_unknown  # the connection was refused: nothing was sent
    assert caught.value.safe_to_retry

    with pytest.raises(NetworkError) as caught:
        connector.fetch_since(None)
    assert caught.value.kind is ErrorKind.NETWORK
    assert len(sleeps) == 2


def test_an_instance_pointing_to_a_private_address_is_refused(server, alice_account, settings):
    settings.ALLOWED_PRIVATE_HOSTS = []
    with pytest.raises(NetworkError) as caught:
        MastodonConnector(alice_account)
    assert caught.value.kind is ErrorKind.VALIDATION
