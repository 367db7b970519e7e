"""Listening to every public Bluesky post as it is written.

Two sources give the same thing, a ``StreamPost`` per new post, to the same callback:

- ``consume_firehose``: the AT Protocol firehose (``com.atproto.sync.subscribeRepos``) of
  a relay or a PDS, in CBOR. It is the protocol's own stream, works with any PDS (the
  local test network too), and its cursor is the relay's sequence number.
- ``consume_jetstream``: Bluesky's Jetstream service, the same events as JSON and
  filtered by collection on the server, so a small server can follow the whole network.
  Its cursor is a time in microseconds. This is the one to use in production.

Both block until ``stop_event`` is set and return the last cursor; ``on_cursor`` is
called with it every few seconds and when stopping, so the caller can store it and
resume after a restart without missing posts (some may come twice: deduplicate by URI).
``on_open`` is called once, when the first connection is established; reconnections
resume from the last cursor, so they miss nothing. A failing callback is logged and
skipped: the stream goes on.
"""

from __future__ import annotations

import contextlib
import json
import logging
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any
from urllib.parse import urlencode

from atproto import CAR, FirehoseSubscribeReposClient, models, parse_subscribe_repos_message
from websockets.exceptions import ConnectionClosed, InvalidHandshake
from websockets.sync.client import connect

from comptoir.networks.bluesky.paging import moment
from comptoir.networks.bluesky.records import POST
from comptoir.networks.errors import ErrorKind, NetworkError

logger = logging.getLogger(__name__)

JETSTREAM_URL = "wss://jetstream2.us-east.bsky.network/subscribe"
CHECK_EVERY = 0.5
CURSOR_EVERY = 5.0
RECONNECT_MAX_WAIT = 60.0
# Jetstream's advice: resume a few seconds before the last event seen.
JETSTREAM_REWIND_US = 2_000_000


@dataclass(frozen=True)
class StreamPost:
    did: str
    uri: str
    text: str
    created_at: datetime
    langs: tuple[str, ...] = ()
    cursor: int = 0
    record: dict[str, Any] = field(default_factory=dict)


def stream_post(did: str, rkey: str, record: Any, cursor: int) -> StreamPost | None:
    """A post from a decoded record, or None for anything that is not a readable post."""
    if not isinstance(record, dict) or record.get("$type") != POST:
        return None
    langs = record.get("langs")
    return StreamPost(
        did=did,
        uri=f"at://{did}/{POST}/{rkey}",
        text=str(record.get("text") or ""),
        created_at=moment(record.get("createdAt")),
        langs=tuple(str(lang) for lang in langs) if isinstance(langs, list) else (),
        cursor=cursor,
        record=record,
    )


def commit_posts(commit: Any) -> list[StreamPost]:
    """The posts a firehose commit creates."""
    if not commit.blocks:
        return []
    blocks = CAR.from_bytes(commit.blocks).blocks
    posts = []
    for op in commit.ops:
        collection, _, rkey = str(op.path).partition("/")
        if op.action != "create" or collection != POST or op.cid is None:
            continue
        post = stream_post(str(commit.repo), rkey, blocks.get(op.cid), int(commit.seq))
        if post is not None:
            posts.append(post)
    return posts


def jetstream_post(event: dict[str, Any]) -> StreamPost | None:
    """The post a Jetstream event creates, if it does."""
    commit = event.get("commit")
    if event.get("kind") != "commit" or not isinstance(commit, dict):
        return None
    if commit.get("operation") != "create" or commit.get("collection") != POST:
        return None
    return stream_post(
        str(event.get("did") or ""),
        str(commit.get("rkey") or ""),
        commit.get("record"),
        int(event.get("time_us") or 0),
    )


class CursorKeeper:
    """Tracks the last cursor and hands it to ``on_cursor`` every few seconds."""

    def __init__(self, cursor: int | None, on_cursor: Callable[[int], None] | None) -> None:
        self.cursor = cursor
        self.on_cursor = on_cursor
        self.saved = cursor
        self.saved_at = time.monotonic()

    def advance(self, cursor: int) -> None:
        self.cursor = cursor

    def save(self, *, force: bool = False) -> None:
        due = force or time.monotonic() - self.saved_at >= CURSOR_EVERY
        if self.on_cursor is None or self.cursor is None or self.cursor == self.saved or not due:
            return
        try:
            self.on_cursor(self.cursor)
        except Exception:
            logger.exception("Saving the Bluesky stream cursor failed")
            return
        self.saved, self.saved_at = self.cursor, time.monotonic()


def deliver(on_post: Callable[[StreamPost], None], post: StreamPost) -> None:
    try:
        on_post(post)
    except Exception:  # the stream must survive a failing consumer
        logger.exception("Bluesky stream consumer failed on %s", post.uri)


def consume_firehose(
    base_uri: str,
    on_post: Callable[[StreamPost], None],
    stop_event: threading.Event,
    cursor: int | None = None,
    *,
    on_cursor: Callable[[int], None] | None = None,
    on_open: Callable[[], None] | None = None,
) -> int | None:
    """Deliver each new post of a firehose (``wss://host/xrpc``) until ``stop_event``.

    ``cursor`` is a sequence number to resume from (0 replays what the server keeps).
    Reconnections resume from the last message seen. Returns the last sequence number.
    """
    params = {"cursor": cursor} if cursor is not None else None
    client = FirehoseSubscribeReposClient(params=params, base_uri=base_uri)
    keeper = CursorKeeper(cursor, on_cursor)
    failure: list[BaseException] = []

    def on_message(frame: Any) -> None:
        message = parse_subscribe_repos_message(frame)
        if isinstance(message, models.ComAtprotoSyncSubscribeRepos.Commit):
            for post in commit_posts(message):
                deliver(on_post, post)
        seq = getattr(message, "seq", None)
        if isinstance(seq, int):
            keeper.advance(seq)
            client.update_params({"cursor": seq})

    def run() -> None:
        try:
            client.start(on_message, lambda exc: logger.warning("Firehose frame failed: %s", exc))
        except Exception as exc:
            failure.append(exc)

    thread = threading.Thread(target=run, name="bluesky-firehose", daemon=True)
    thread.start()
    opened = False
    try:
        while not stop_event.wait(CHECK_EVERY) and thread.is_alive():
            # The SDK keeps its connection in ``_client`` while one is established.
            if not opened and getattr(client, "_client", None) is not None:
                opened = True
                if on_open is not None:
                    on_open()
            keeper.save()
    finally:
        client.stop()
        thread.join(timeout=5)
        keeper.save(force=True)
    if failure and not stop_event.is_set():
        raise NetworkError(ErrorKind.NETWORK, f"firehose stopped: {failure[0]!r}")
    return keeper.cursor


def jetstream_uri(url: str, cursor: int | None) -> str:
    query: dict[str, Any] = {"wantedCollections": POST}
    if cursor:
        query["cursor"] = max(cursor - JETSTREAM_REWIND_US, 0)
    separator = "&" if "?" in url else "?"
    return f"{url}{separator}{urlencode(query)}"


def consume_jetstream(
    on_post: Callable[[StreamPost], None],
    stop_event: threading.Event,
    cursor: int | None = None,
    *,
    url: str = JETSTREAM_URL,
    on_cursor: Callable[[int], None] | None = None,
    on_open: Callable[[], None] | None = None,
) -> int | None:
    """Deliver each new post from Jetstream until ``stop_event``; returns the last cursor
    (microseconds). The connection is reopened after any failure, with a growing wait."""
    keeper = CursorKeeper(cursor, on_cursor)
    failures = 0
    while not stop_event.is_set():
        try:
            with connect(jetstream_uri(url, keeper.cursor), open_timeout=10) as socket:
                failures = 0
                if on_open is not None:
                    on_open()
                    on_open = None
                while not stop_event.is_set():
                    keeper.save()
                    try:
                        raw = socket.recv(timeout=CHECK_EVERY)
                    except TimeoutError:
                        continue
                    with contextlib.suppress(ValueError):
                        event = json.loads(raw)
                        if isinstance(event, dict):
                            post = jetstream_post(event)
                            if post is not None:
                                deliver(on_post, post)
                            if event.get("time_us"):
                                keeper.advance(int(event["time_us"]))
        except (OSError, ConnectionClosed, InvalidHandshake) as exc:
            failures += 1
            wait = min(2.0**failures, RECONNECT_MAX_WAIT)
            logger.info("Jetstream connection lost (%s), reconnecting in %.0fs", exc, wait)
            stop_event.wait(wait)
    keeper.save(force=True)
    return keeper.cursor
