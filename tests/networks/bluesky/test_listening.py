"""Jetstream listening over a local websocket server replaying events in Jetstream's JSON
shape (the firehose itself is exercised on the local AT Protocol network)."""

from __future__ import annotations

import contextlib
import json
import threading
from collections.abc import Iterator
from typing import Any

import pytest
from websockets.exceptions import ConnectionClosed
from websockets.sync.server import ServerConnection, serve

from comptoir.networks.bluesky import listening
from comptoir.networks.bluesky.listening import (
    JETSTREAM_REWIND_US,
    StreamPost,
    consume_jetstream,
    jetstream_post,
    jetstream_uri,
)
from tests.networks.bluesky.conftest import fixture
from tests.peers.bluesky_network import wait_for

EVENTS = fixture("jetstream_events")
POST_URI = "at://did:plc:dvfxf6xtq4b2ca757wocuv2b/app.bsky.feed.post/3n36sclrdh22b"


class Replay:
    """Sends every event on each connection; closes the first one when asked."""

    def __init__(self, close_first: bool = False) -> None:
        self.paths: list[str] = []
        self.close_first = close_first

    def __call__(self, connection: ServerConnection) -> None:
        self.paths.append(connection.request.path if connection.request else "")
        for event in EVENTS:
            connection.send(json.dumps(event))
        if self.close_first and len(self.paths) == 1:
            connection.close()
            return
        # Hold the connection until the client leaves (its closing ends recv).
        with contextlib.suppress(ConnectionClosed):
            connection.recv()


@pytest.fixture
def replay() -> Iterator[tuple[Replay, str]]:
    handler = Replay(close_first=True)
    with serve(handler, "127.0.0.1", 0) as server:
        thread = threading.Thread(target=server.serve_forever, daemon=True)
        thread.start()
        host, port = server.socket.getsockname()[:2]
        yield handler, f"ws://{host}:{port}/subscribe"
        server.shutdown()
    thread.join(timeout=5)


def test_only_created_posts_are_delivered() -> None:
    posts = [jetstream_post(event) for event in EVENTS]
    assert [p.uri if p else None for p in posts] == [POST_URI, None, None, None]
    post = posts[0]
    assert post is not None
    assert post.text == "Le meilleur kouignamann de la ville"
    assert post.langs == ("fr",)
    assert post.cursor == EVENTS[0]["time_us"]
    assert post.created_at.year == 2026


def test_uri_asks_for_posts_and_rewinds_the_cursor() -> None:
    assert jetstream_uri("wss://j.example/subscribe", None) == (
        "wss://j.example/subscribe?wantedCollections=app.bsky.feed.post"
    )
    assert jetstream_uri("wss://j.example/subscribe", 10_000_000).endswith(
        f"&cursor={10_000_000 - JETSTREAM_REWIND_US}"
    )


def test_consume_resumes_after_a_dropped_connection(
    replay: tuple[Replay, str], monkeypatch: Any
) -> None:
    handler, url = replay
    monkeypatch.setattr(listening, "RECONNECT_MAX_WAIT", 0.1)
    received: list[StreamPost] = []
    cursors: list[int] = []
    stop = threading.Event()
    result: list[int | None] = []

    def failing_then_collecting(post: StreamPost) -> None:
        received.append(post)
        if len(received) == 1:
            raise RuntimeError("a consumer bug must not stop the stream")

    thread = threading.Thread(
        target=lambda: result.append(
            consume_jetstream(failing_then_collecting, stop, url=url, on_cursor=cursors.append)
        ),
        daemon=True,
    )
    thread.start()
    try:
        wait_for(lambda: len(received) >= 2, timeout=10, what="the post on both connections")
    finally:
        stop.set()
        thread.join(timeout=10)
    assert not thread.is_alive()
    assert [post.uri for post in received[:2]] == [POST_URI, POST_URI]
    last = EVENTS[-1]["time_us"]
    assert result == [last] and cursors[-1] == last
    assert "cursor=" not in handler.paths[0]
    assert f"cursor={last - JETSTREAM_REWIND_US}" in handler.paths[1]
