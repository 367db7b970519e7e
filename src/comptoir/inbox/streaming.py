"""Live streams: what customers say reaches the inbox in seconds, not at the next poll.

Every ``comptoir worker`` runs one ``StreamingLoop`` thread beside its publishing loop.
It claims the leases (``leases.py``) of accounts whose network offers a ``LiveStream``
and nobody else streams, opens one ``AccountStream`` thread per account, and renews its
leases every third of their length. The stream threads only talk to the network; every
database write happens in the loop's own thread (one connection), through the same
``store_items`` as polling, so an item seen by both paths is stored once.

Each connection, first or after a reconnect, is followed by one polling pass of that
account (on a small pool of threads), so what was said while disconnected is not lost.
A lost connection is reopened after a growing wait; an account whose token expired is
marked by the connector's classified error, as polling does, and stops streaming.
Polling every minute stays the safety net.
"""

from __future__ import annotations

import logging
import queue
import threading
import time
from collections import defaultdict
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.db import close_old_connections, connections, transaction

from comptoir.inbox import leases
from comptoir.inbox.ingestion import ingest_account, readable_streams, store_items
from comptoir.networks.actions import keep_refreshed_credentials
from comptoir.networks.base import IncomingItem, LiveStream
from comptoir.networks.errors import ErrorKind, NetworkError, retry_delay
from comptoir.networks.models import AccountStatus, ConnectedAccount
from comptoir.networks.registry import NETWORKS

logger = logging.getLogger(__name__)

# An account whose stream failed for a reason a retry cannot fix (other than its token)
# is left to polling this long before its stream is tried again.
REST_AFTER_FAILURE = 600.0
# Items are stored as they come, a few at a time; the wait is also the loop's heartbeat.
DRAIN_WAIT = 0.2
MAX_ITEMS_PER_ROUND = 200
CATCH_UP_THREADS = 2
JOIN_TIMEOUT = 10.0


def streamable_networks() -> list[str]:
    """Networks whose connector offers a live stream of what the inbox reads.

    A connector may say its stream is off (``live_stream_available()``), when the
    configuration gives it no source.
    """
    return [
        spec.slug
        for spec in NETWORKS
        if not spec.in_database
        and "live_stream" in spec.capabilities
        and readable_streams(spec)
        and getattr(spec.connector_class, "live_stream_available", lambda: True)()
    ]


def streamable_accounts() -> dict[int, ConnectedAccount]:
    accounts = ConnectedAccount.objects.filter(
        network__in=streamable_networks(), status=AccountStatus.ACTIVE
    ).select_related("workspace")
    return {account.pk: account for account in accounts}


@dataclass(frozen=True)
class Event:
    """What a stream thread tells the loop: an item, an opening, or how it ended."""

    source: AccountStream
    item: IncomingItem | None = None
    opened: bool = False
    ended: bool = False
    error: NetworkError | None = None
    connector: Any = None


class AccountStream(threading.Thread):
    """Holds one account's connection open, reconnecting with a growing wait."""

    def __init__(self, account: ConnectedAccount, events: queue.Queue[Event]) -> None:
        super().__init__(name=f"comptoir-stream-{account.pk}", daemon=True)
        self.account = account
        self.events = events
        self.stop_event = threading.Event()

    def run(self) -> None:
        account_id = self.account.pk
        connector: Any = None
        failures = 0
        error: NetworkError | None = None
        opened = threading.Event()

        def on_open() -> None:
            opened.set()
            self.events.put(Event(self, opened=True))

        def on_item(item: IncomingItem) -> None:
            self.events.put(Event(self, item=item))

        while not self.stop_event.is_set():
            opened.clear()
            try:
                connector = connector or self.connector()
                connector.stream(on_item, self.stop_event, on_open)
                break  # stopped on purpose
            except NetworkError as exc:
                if not exc.safe_to_retry and exc.kind is not ErrorKind.NETWORK:
                    error = exc
                    break
                wait_error: NetworkError | None = exc
            except Exception:  # a bug must not end the worker; polling still reads
                logger.exception("inbox: stream of account %s failed", account_id)
                wait_error = None
            failures = 1 if opened.is_set() else failures + 1
            wait = retry_delay(wait_error, failures - 1)
            logger.info("inbox: stream of account %s lost, again in %.0fs", account_id, wait)
            self.stop_event.wait(wait)
        self.events.put(Event(self, ended=True, error=error, connector=connector))

    def connector(self) -> LiveStream:
        from comptoir.networks.registry import get_network

        connector: LiveStream = get_network(self.account.network).connector_class(self.account)
        return connector

    def stop(self) -> None:
        self.stop_event.set()


class StreamingLoop(threading.Thread):
    """One per worker process: takes leases, runs streams, stores what they bring."""

    def __init__(self, worker_id: str, lease_seconds: float | None = None) -> None:
        super().__init__(name="comptoir-streaming", daemon=True)
        self.holder = worker_id[:64]
        self.lease_seconds = lease_seconds or settings.STREAMING_LEASE_SECONDS
        self.renew_every = self.lease_seconds / 3
        self.stopping = threading.Event()
        self.events: queue.Queue[Event] = queue.Queue()
        self.streams: dict[int, AccountStream] = {}
        # Past this moment (monotonic) a lease may have expired unrenewed: streams stop
        # rather than risk running beside the worker that took them over.
        self.valid_until = 0.0
        self.resting: dict[int, float] = {}
        self.catch_up = ThreadPoolExecutor(CATCH_UP_THREADS, thread_name_prefix="comptoir-catch-up")

    def run(self) -> None:
        if not settings.STREAMING:
            return
        next_round = 0.0
        try:
            while not self.stopping.is_set():
                try:
                    close_old_connections()
                    if time.monotonic() >= next_round:
                        next_round = time.monotonic() + self.renew_every
                        self.manage_leases()
                    self.handle_events(self.take_events())
                except Exception:  # the next round retries; polling covers the gap
                    logger.exception("inbox: streaming round failed")
                    self.stopping.wait(DRAIN_WAIT)
        finally:
            self.shut_down()

    def stop(self) -> None:
        self.stopping.set()

    # --- Leases ------------------------------------------------------------------------

    def manage_leases(self) -> None:
        started = time.monotonic()
        held = leases.renew(self.holder, self.streams, self.lease_seconds)
        self.valid_until = started + self.lease_seconds * 0.9
        wanted = streamable_accounts()
        for account_id in list(self.streams):
            if account_id not in held:
                logger.warning("inbox: lost the stream of account %s to another worker", account_id)
                self.streams.pop(account_id).stop()
            elif account_id not in wanted:  # disconnected, broken or deleted meanwhile
                self.streams.pop(account_id).stop()
                leases.release(self.holder, [account_id])
        now = time.monotonic()
        busy = leases.taken(self.holder)
        for account_id, account in wanted.items():
            if account_id in self.streams or account_id in busy:
                continue
            if self.resting.get(account_id, 0.0) > now:
                continue
            if leases.claim(account_id, self.holder, self.lease_seconds):
                stream = AccountStream(account, self.events)
                self.streams[account_id] = stream
                stream.start()
                logger.info("inbox: streaming account %s", account_id)

    def expire_if_unrenewed(self) -> None:
        if self.streams and time.monotonic() > self.valid_until:
            logger.warning("inbox: leases could not be renewed in time; stopping streams")
            for stream in self.streams.values():
                stream.stop()
            self.streams.clear()

    # --- Events ------------------------------------------------------------------------

    def take_events(self) -> list[Event]:
        self.expire_if_unrenewed()
        try:
            events = [self.events.get(timeout=DRAIN_WAIT)]
        except queue.Empty:
            return []
        while len(events) < MAX_ITEMS_PER_ROUND:
            try:
                events.append(self.events.get_nowait())
            except queue.Empty:
                break
        return events

    def handle_events(self, events: list[Event]) -> None:
        items: dict[int, list[IncomingItem]] = defaultdict(list)
        for event in events:
            account_id = event.source.account.pk
            # Events of a stream already stopped (its lease lost) are left to the new holder.
            current = self.streams.get(account_id) is event.source
            if event.item is not None and current:
                items[account_id].append(event.item)
            elif event.opened and current:
                leases.mark(self.holder, account_id, opened=True)
                self.catch_up.submit(self.poll, account_id)
            elif event.ended:
                self.ended(event, current=current)
        for account_id, batch in items.items():
            account = self.streams[account_id].account
            try:
                with transaction.atomic():
                    added = store_items(account, batch)
            except Exception:  # one account's bad data must not hold the others' messages
                logger.exception("inbox: storing streamed items of account %s failed", account_id)
                continue
            logger.debug("inbox: %s new message(s) streamed for account %s", added, account_id)

    def ended(self, event: Event, *, current: bool) -> None:
        account = event.source.account
        if event.connector is not None:
            keep_refreshed_credentials(account, event.connector)
        if event.error is None or not current:
            return
        logger.warning("inbox: stream of account %s stopped: %s", account.pk, event.error)
        # As polling does: an expired token marks the account for reconnecting.
        account.record_error(event.error)
        self.streams.pop(account.pk)
        leases.release(self.holder, [account.pk])
        if event.error.kind is not ErrorKind.AUTH_EXPIRED:
            self.resting[account.pk] = time.monotonic() + REST_AFTER_FAILURE

    def poll(self, account_id: int) -> None:
        """The polling pass after a connection: reads what was said while there was none."""
        try:
            account = ConnectedAccount.objects.select_related("workspace").get(pk=account_id)
            ingest_account(account)
            leases.mark(self.holder, account_id, caught_up=True)
        except Exception:
            logger.exception("inbox: catching up account %s failed", account_id)
        finally:
            connections.close_all()  # this pool thread's own connections

    def shut_down(self) -> None:
        """Stop every stream, wait for them briefly, and give the leases back."""
        streams = list(self.streams.values())
        for stream in streams:
            stream.stop()
        self.catch_up.shutdown(wait=True, cancel_futures=True)
        deadline = time.monotonic() + JOIN_TIMEOUT
        for stream in streams:
            stream.join(timeout=max(0.0, deadline - time.monotonic()))
        try:
            leases.release(self.holder, self.streams)
        except Exception:  # the database may be what is going away; the leases expire
            logger.warning("inbox: could not release the stream leases of %s", self.holder)
        finally:
            self.streams.clear()
            connections.close_all()  # this thread's own connections: it ends here
