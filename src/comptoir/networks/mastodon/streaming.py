"""Live notifications from the instance's streaming API.

``stream_user`` blocks until ``stop_event`` is set, handing each notification to
``on_item`` as an IncomingItem (from the stream's own thread), and calling ``on_open``
once the connection is established. Stopping is prompt because the stream is closed from
here and the stop event is checked every half second. Instances send a heartbeat about
every 15 seconds, so a connection silent for a minute is dead.

A lost connection is not reopened here: ``stream_user`` raises a retryable NetworkError
and the caller reconnects, knowing that something may have been said meanwhile (the
inbox then reads it by polling). Mastodon.py's own silent reconnection would hide that.

Polling with ``fetch_since`` stays the reference: the stream only makes news arrive
sooner.
"""

from __future__ import annotations

import logging
import re
import threading
from collections.abc import Callable
from typing import Any

from mastodon.errors import MastodonError
from mastodon.streaming import StreamListener

from comptoir.networks.base import IncomingItem
from comptoir.networks.errors import ErrorKind, NetworkError
from comptoir.networks.http import check_public_url
from comptoir.networks.mastodon.client import MastodonApi
from comptoir.networks.mastodon.connector import MastodonConnector
from comptoir.networks.mastodon.items import notification_item
from comptoir.networks.models import ConnectedAccount

logger = logging.getLogger(__name__)

CHECK_EVERY = 0.5
READ_TIMEOUT = 60
# Mastodon.py retries a refused connection on its own every few seconds; past this long
# the attempt is given up and reported, so that the caller backs off and checks the token.
OPEN_TIMEOUT = 30.0
RETRY_WAIT = 5


class NotificationListener(StreamListener):
    def __init__(self, own_id: str, on_item: Callable[[IncomingItem], None]) -> None:
        super().__init__()
        self.own_id = own_id
        self.on_item = on_item
        self.lost: MastodonError | None = None

    def handle_stream(self, response: Any) -> None:
        """Keep how the connection ended rather than let it escape the stream's thread."""
        try:
            super().handle_stream(response)  # type: ignore[no-untyped-call]  # untyped upstream
        except MastodonError as exc:
            self.lost = exc

    def on_notification(self, notification: Any) -> None:
        item = notification_item(notification, self.own_id)
        if item is None:
            return
        try:
            self.on_item(item)
        except Exception:  # the stream must survive a failing consumer
            logger.exception("Mastodon stream consumer failed on %s", item.remote_id)


def check_streaming_host(api: MastodonApi) -> None:
    """The instance names its streaming server, often another host: check it is public.

    This early check gives a clear error; the connection itself is guarded by the API
    client's session (``mount_public_only``), which Mastodon.py streams through.
    """
    instance: Any = api.read(api.client.instance_v1)
    url = str((instance.get("urls") or {}).get("streaming_api") or "")
    if url:
        check_public_url(re.sub(r"^ws", "http", url))


def stream_user(
    account: ConnectedAccount,
    on_item: Callable[[IncomingItem], None],
    stop_event: threading.Event,
    on_open: Callable[[], None] | None = None,
) -> None:
    """Deliver the account's notifications as they happen, until ``stop_event`` is set."""
    stream_notifications(MastodonConnector(account), on_item, stop_event, on_open)


def is_open(handle: Any) -> bool:
    """Mastodon.py connects in its own thread and keeps the response once connected."""
    return handle.connection is not None and not handle.reconnecting and handle.is_alive()


def stream_notifications(
    connector: MastodonConnector,
    on_item: Callable[[IncomingItem], None],
    stop_event: threading.Event,
    on_open: Callable[[], None] | None = None,
) -> None:
    """The stream of one connector's account (``MastodonConnector.stream``).

    Raises a classified NetworkError when the account cannot be read at all (revoked
    token, unreachable instance), and a retryable one when the connection is lost.
    """
    api = connector.api
    api.read(api.client.account_verify_credentials)  # fail early, with a classified error
    check_streaming_host(api)
    listener = NotificationListener(connector.own_id, on_item)
    handle = api.client.stream_user(
        listener,
        run_async=True,
        timeout=READ_TIMEOUT,
        reconnect_async=False,
        reconnect_async_wait_sec=RETRY_WAIT,
    )
    waited = 0.0
    opened = False
    try:
        while not stop_event.wait(CHECK_EVERY):
            if not opened and is_open(handle):
                opened = True
                if on_open is not None:
                    on_open()
            if not handle.is_alive():
                detail = f"the streaming connection was lost: {listener.lost or 'closed'}"
                raise NetworkError(ErrorKind.NETWORK, detail)
            waited += CHECK_EVERY
            if not opened and waited >= OPEN_TIMEOUT:
                raise NetworkError(ErrorKind.NETWORK, "the streaming server did not answer")
    finally:
        handle.close()
