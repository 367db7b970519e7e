"""Live notifications from the instance's streaming API.

``stream_user`` blocks until ``stop_event`` is set, handing each notification to
``on_item`` as an IncomingItem (from the stream's own thread). Mastodon.py reconnects by
itself after a dropped connection. Stopping is prompt because the stream is closed from
here and the stop event is checked every half second; instances send a heartbeat about
every 15 seconds, so a connection silent for a minute is considered dead and reopened.

Polling with ``fetch_since`` stays the reference: the stream only makes news arrive
sooner, and whatever it misses while reconnecting is read by the next poll.
"""

from __future__ import annotations

import logging
import re
import threading
from collections.abc import Callable
from typing import Any

from mastodon.streaming import StreamListener

from comptoir.networks.base import IncomingItem
from comptoir.networks.http import check_public_url
from comptoir.networks.mastodon.client import MastodonApi
from comptoir.networks.mastodon.connector import MastodonConnector
from comptoir.networks.mastodon.items import notification_item
from comptoir.networks.models import ConnectedAccount

logger = logging.getLogger(__name__)

CHECK_EVERY = 0.5
READ_TIMEOUT = 60
RECONNECT_WAIT = 5
# While the stream cannot reconnect, the token is checked this often (a revoked token
# must end the stream with AUTH_EXPIRED instead of retrying for ever).
CREDENTIALS_CHECK_EVERY = 60.0


class NotificationListener(StreamListener):
    def __init__(self, own_id: str, on_item: Callable[[IncomingItem], None]) -> None:
        super().__init__()
        self.own_id = own_id
        self.on_item = on_item

    def on_notification(self, notification: Any) -> None:
        item = notification_item(notification, self.own_id)
        if item is None:
            return
        try:
            self.on_item(item)
        except Exception:  # the stream must survive a failing consumer
            logger.exception("Mastodon stream consumer failed on %s", item.remote_id)


def check_streaming_host(api: MastodonApi) -> None:
    """The instance names its streaming server, often another host: check it is public."""
    instance: Any = api.read(api.client.instance_v1)
    url = str((instance.get("urls") or {}).get("streaming_api") or "")
    if url:
        check_public_url(re.sub(r"^ws", "http", url))


def stream_user(
    account: ConnectedAccount,
    on_item: Callable[[IncomingItem], None],
    stop_event: threading.Event,
) -> None:
    """Deliver the account's notifications as they happen, until ``stop_event`` is set.

    Raises a classified NetworkError when the account cannot be read at all (revoked
    token, unreachable instance at start).
    """
    connector = MastodonConnector(account)
    api = connector.api
    api.read(api.client.account_verify_credentials)  # fail early, with a classified error
    check_streaming_host(api)
    handle = api.client.stream_user(
        NotificationListener(connector.own_id, on_item),
        run_async=True,
        timeout=READ_TIMEOUT,
        reconnect_async=True,
        reconnect_async_wait_sec=RECONNECT_WAIT,
    )
    silent_for = 0.0
    try:
        while not stop_event.wait(CHECK_EVERY):
            silent_for = 0.0 if handle.is_receiving() else silent_for + CHECK_EVERY
            if silent_for >= CREDENTIALS_CHECK_EVERY:
                api.read(api.client.account_verify_credentials)
                silent_for = 0.0
    finally:
        handle.close()
