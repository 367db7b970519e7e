"""The streaming loop of a worker, run in this process against the Mastodon emulator."""

from __future__ import annotations

import time

import pytest

from comptoir.inbox.ingestion import ingest_account
from comptoir.inbox.models import Message, StreamLease
from comptoir.inbox.streaming import StreamingLoop
from comptoir.networks.models import AccountStatus, ConnectedAccount
from tests.core.processes import wait_for
from tests.networks.mastodon.breakable import BreakableProxy
from tests.peer_fixtures import mastodon_business, mastodon_server, peers_allowed

__all__ = ["mastodon_business", "mastodon_server", "peers_allowed"]

pytestmark = pytest.mark.django_db(transaction=True)
DEADLINE = 30.0


@pytest.fixture
def loop():
    loops: list[StreamingLoop] = []

    def start(name: str = "worker-a") -> StreamingLoop:
        started = StreamingLoop(name, lease_seconds=3)
        loops.append(started)
        started.start()
        return started

    yield start
    for started in loops:
        started.stop()
        started.join(timeout=DEADLINE)


@pytest.fixture
def breakable(mastodon_business):
    proxy = BreakableProxy(mastodon_business.server.port)
    mastodon_business.account.server_url = proxy.base_url
    mastodon_business.account.save(update_fields=["server_url"])
    yield proxy
    proxy.close()


def lease(account) -> StreamLease:
    return StreamLease.objects.get(account=account)


def caught_up_after(account, moment=None) -> bool:
    found = StreamLease.objects.filter(account=account, caught_up_at__isnull=False).first()
    return bool(found and found.holder and (moment is None or found.caught_up_at > moment))


def messages_with(text: str) -> list[Message]:
    return list(Message.objects.filter(text__contains=text))


def test_a_reconnection_reads_what_was_said_while_disconnected(loop, mastodon_business, breakable):
    account, bob = mastodon_business.account, mastodon_business.reader
    loop()
    wait_for(lambda: caught_up_after(account), "the first connection", DEADLINE)
    first = lease(account).caught_up_at

    breakable.refusing = True
    breakable.cut()
    bob.status_post("@alice pendant la coupure : livrez-vous ?")
    time.sleep(1.5)  # a few reconnection attempts are refused
    assert messages_with("pendant la coupure") == []
    breakable.refusing = False

    wait_for(lambda: caught_up_after(account, first), "the reconnection", DEADLINE)
    assert len(messages_with("pendant la coupure")) == 1
    bob.status_post("@alice après la coupure")
    wait_for(lambda: messages_with("après la coupure"), "the stream to deliver again", DEADLINE)

    # Polling reads the same notifications again: nothing is stored twice.
    ingest_account(ConnectedAccount.objects.get(pk=account.pk))
    assert len(messages_with("pendant la coupure")) == 1
    assert len(messages_with("après la coupure")) == 1


def test_a_revoked_token_marks_the_account_and_ends_its_stream(loop, mastodon_business):
    account = mastodon_business.account
    account.credentials = {**account.credentials, "access_token": "revoked"}
    account.save(update_fields=["credentials_token"])
    streams = loop()

    def broken() -> bool:
        account.refresh_from_db()
        return account.status == AccountStatus.BROKEN

    wait_for(broken, "the account to be marked", DEADLINE)
    assert account.last_error_kind == "auth_expired"
    wait_for(lambda: lease(account).holder == "", "the lease to be given back", DEADLINE)
    time.sleep(2 * streams.renew_every)  # a few rounds: a broken account is not retried
    assert lease(account).holder == ""
    assert streams.streams == {}


def test_stopping_is_prompt_and_gives_the_lease_back(loop, mastodon_business):
    account = mastodon_business.account
    streams = loop()
    wait_for(lambda: caught_up_after(account), "the stream to open", DEADLINE)

    started = time.monotonic()
    streams.stop()
    streams.join(timeout=DEADLINE)
    assert not streams.is_alive()
    assert time.monotonic() - started < 5
    assert lease(account).holder == ""


def test_a_second_loop_leaves_a_held_stream_alone(loop, mastodon_business):
    account = mastodon_business.account
    loop("worker-a")
    wait_for(lambda: caught_up_after(account), "the stream to open", DEADLINE)
    second = loop("worker-b")
    time.sleep(2 * second.renew_every)
    assert lease(account).holder == "worker-a"
    assert second.streams == {}


def test_streams_can_be_turned_off(loop, mastodon_business, settings):
    settings.STREAMING = False
    streams = loop()
    streams.join(timeout=DEADLINE)
    assert not streams.is_alive()
    assert not StreamLease.objects.exists()
