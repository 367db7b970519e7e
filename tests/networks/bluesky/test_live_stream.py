"""The live stream of a Bluesky account, on the firehose of the real local network.

A customer replies to the business, quotes it, mentions it, and writes about something
else; the stream must hand over exactly the first three, as the items polling makes of
the same notifications.
"""

from __future__ import annotations

import queue
import threading
from typing import Any

import pytest
from atproto import models

from comptoir.networks.base import IncomingItem, OutgoingPost
from comptoir.networks.bluesky.connector import BlueskyConnector
from comptoir.networks.errors import ErrorKind, NetworkError
from tests.peer_fixtures import bluesky_business, bluesky_network, peers_allowed
from tests.peers.bluesky_network import wait_for

__all__ = ["bluesky_business", "bluesky_network", "peers_allowed"]

pytestmark = pytest.mark.integration


@pytest.fixture
def firehose(bluesky_network: Any, settings: Any) -> str:
    settings.BLUESKY_STREAM_URL = bluesky_network.firehose_url
    return str(bluesky_network.firehose_url)


def customer_posts(client: Any, text: str, **kwargs: Any) -> Any:
    """A post as the Bluesky app writes it, its mentions as facets."""
    return client.send_post(text, facets=client.detect_facets(text), **kwargs)


def test_replies_quotes_and_mentions_arrive_as_polling_sees_them(
    bluesky_business: Any, firehose: str
) -> None:
    connector = BlueskyConnector(bluesky_business.account, timeout=10.0)
    customer = bluesky_business.reader
    start = connector.fetch_since(None)
    received: queue.Queue[IncomingItem] = queue.Queue()
    opened, stop = threading.Event(), threading.Event()
    thread = threading.Thread(
        target=connector.stream, args=(received.put, stop, opened.set), daemon=True
    )
    thread.start()
    try:
        assert opened.wait(timeout=30), "the firehose connection"
        ours = connector.publish(OutgoingPost(text="Galettes des rois en vitrine !"))
        view = wait_for(
            lambda: (customer.get_posts([ours.remote_id]).posts or [None])[0],
            what="the business's post in the AppView",
        )
        ref = models.create_strong_ref(view)
        reply = customer_posts(
            customer,
            "Avec la fève ?",
            reply_to=models.AppBskyFeedPost.ReplyRef(parent=ref, root=ref),
        )
        quote = customer_posts(
            customer, "Les meilleures !", embed=models.AppBskyEmbedRecord.Main(record=ref)
        )
        mention = customer_posts(customer, f"Bonjour @{bluesky_business.handle} !")
        customer_posts(customer, "Il pleut sur Orléans.")
        last = customer_posts(customer, f"@{bluesky_business.handle} dernière question")

        streamed: dict[str, IncomingItem] = {}
        while last.uri not in streamed:
            item = received.get(timeout=30)
            streamed[item.remote_id] = item
    finally:
        stop.set()
        thread.join(timeout=10)
    assert not thread.is_alive()

    kinds = {uri: item.kind for uri, item in streamed.items()}
    assert kinds == {
        reply.uri: "reply",
        quote.uri: "quote",
        mention.uri: "mention",
        last.uri: "mention",
    }, "the business's own post and the unrelated one are left out"

    wanted = {reply.uri, quote.uri, mention.uri, last.uri}

    def polled() -> dict[str, IncomingItem] | None:
        items = {i.remote_id: i for i in connector.fetch_since(start.cursor).items}
        return items if wanted <= set(items) else None

    by_polling = wait_for(polled, what="the same notifications by polling")
    for uri in wanted:
        live, poll = streamed[uri], by_polling[uri]
        assert (live.kind, live.text, live.url) == (poll.kind, poll.text, poll.url)
        assert live.author == poll.author, "the same person for both paths"
        assert (live.in_reply_to, live.thread_id) == (poll.in_reply_to, poll.thread_id)


def test_without_a_source_bluesky_is_left_to_polling(bluesky_business: Any, settings: Any) -> None:
    settings.BLUESKY_STREAM_URL = ""
    assert not BlueskyConnector.live_stream_available()
    connector = BlueskyConnector(bluesky_business.account, timeout=10.0)
    with pytest.raises(NetworkError) as caught:
        connector.stream(lambda item: None, threading.Event())
    assert caught.value.kind is ErrorKind.UNSUPPORTED
