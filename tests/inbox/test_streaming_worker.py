"""Real ``comptoir worker`` processes stream a Mastodon account into the inbox.

The same for a Bluesky account, on the firehose of the real local network.

The scheduled polling is pushed a day away, so a message can only arrive through the
stream or through the polling pass that follows each connection. Each test runs with the
database task queue and with RQ, on the database of the test run (SQLite, PostgreSQL).
"""

from __future__ import annotations

import signal
from datetime import timedelta

import pytest
from django.utils import timezone

from comptoir.core.models import PeriodicJob
from comptoir.core.scheduler import SCHEDULES, ensure_jobs
from comptoir.inbox.models import Message, StreamLease
from tests.core.conftest import backend, processes
from tests.core.processes import wait_for
from tests.peer_fixtures import (
    bluesky_business,
    bluesky_network,
    mastodon_business,
    mastodon_server,
    peers_allowed,
)

__all__ = [
    "backend",
    "bluesky_business",
    "bluesky_network",
    "mastodon_business",
    "mastodon_server",
    "peers_allowed",
    "processes",
]

pytestmark = pytest.mark.django_db(transaction=True)

WORKER_ENVIRONMENT = {
    "COMPTOIR_ALLOWED_PRIVATE_HOSTS": "127.0.0.1,localhost",
    "COMPTOIR_STREAMING_LEASE": "3",
}


@pytest.fixture
def no_scheduled_polling(db):
    """Every periodic job, the inbox's polling included, is due only tomorrow."""
    ensure_jobs(SCHEDULES)
    PeriodicJob.objects.update(next_run_at=timezone.now() + timedelta(days=1))


def messages_with(text: str) -> list[Message]:
    return list(Message.objects.filter(text__contains=text))


def lease_of(account) -> StreamLease | None:
    return StreamLease.objects.filter(account=account).first()


def streaming(account, processes) -> StreamLease:
    def caught_up() -> StreamLease | None:
        lease = lease_of(account)
        return lease if lease and lease.holder and lease.caught_up_at else None

    return wait_for(caught_up, f"the stream to open\n{processes.all_output()}")


def test_a_mention_reaches_the_inbox_through_the_worker_stream(
    processes, backend, mastodon_business, no_scheduled_polling
):
    account, bob = mastodon_business.account, mastodon_business.reader
    bob.status_post("@alice avant le démarrage : une baguette ?")
    worker = processes.start("worker", backend=backend, **WORKER_ENVIRONMENT)

    # The polling pass after the connection reads what was said before it.
    streaming(account, processes)
    assert len(messages_with("avant le démarrage")) == 1

    bob.status_post("@alice en direct : vous avez des éclairs ?")
    [message] = wait_for(
        lambda: messages_with("en direct"), f"the streamed mention\n{processes.all_output()}"
    )
    assert (message.account, message.kind, message.network) == (account, "mention", "mastodon")
    assert message.person.display_name  # stored like a polled message: person, conversation
    assert message.conversation.status == "new"
    assert PeriodicJob.objects.get(name="inbox_ingestion").runs == 0, "no scheduled poll"

    assert processes.stop(worker) == 0, processes.output(worker)
    lease = lease_of(account)
    assert lease is not None
    assert lease.holder == "", "a stopping worker gives its leases back"


def test_another_worker_takes_over_the_stream_of_a_killed_one(
    processes, backend, mastodon_business, no_scheduled_polling
):
    account, bob = mastodon_business.account, mastodon_business.reader
    workers = processes.workers(2, backend=backend, **WORKER_ENVIRONMENT)
    first = streaming(account, processes)
    [holder] = [w for w in workers if f"-{w.pid}-" in first.holder]
    [other] = [w for w in workers if w is not holder]

    processes.stop(holder, signal.SIGKILL)
    bob.status_post("@alice pendant la panne : ouvert dimanche ?")

    def taken_over() -> StreamLease | None:
        lease = lease_of(account)
        ok = lease and f"-{other.pid}-" in lease.holder and lease.caught_up_at
        return lease if ok else None

    wait_for(taken_over, f"the other worker to take over\n{processes.all_output()}")
    wait_for(lambda: messages_with("pendant la panne"), "the mention said meanwhile")
    bob.status_post("@alice après la reprise : merci !")
    wait_for(lambda: messages_with("après la reprise"), "the streamed mention")
    assert len(messages_with("pendant la panne")) == 1
    assert len(messages_with("après la reprise")) == 1


@pytest.mark.integration
def test_a_bluesky_mention_reaches_the_inbox_through_the_firehose(
    processes, backend, bluesky_network, bluesky_business, no_scheduled_polling
):
    account, customer = bluesky_business.account, bluesky_business.reader
    processes.start(
        "worker",
        backend=backend,
        COMPTOIR_BLUESKY_STREAM_URL=bluesky_network.firehose_url,
        **WORKER_ENVIRONMENT,
    )
    streaming(account, processes)

    text = f"@{bluesky_business.handle} vous livrez à Olivet ?"
    customer.send_post(text, facets=customer.detect_facets(text))
    [message] = wait_for(
        lambda: messages_with("vous livrez à Olivet"),
        f"the streamed mention\n{processes.all_output()}",
    )
    assert (message.account, message.kind, message.network) == (account, "mention", "bluesky")
    assert message.person.display_name
    assert PeriodicJob.objects.get(name="inbox_ingestion").runs == 0, "no scheduled poll"
