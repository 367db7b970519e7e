"""The flows a Bluesky connector relies on, against a real local AT Protocol network.

These pin down how the reference servers behave with the Python SDK the connector uses:
rich-text facets use UTF-8 byte offsets, the AppView indexes asynchronously (so we poll),
notifications carry mentions and replies, search finds posts, and the firehose replays
commits from cursor 0.
"""

from __future__ import annotations

import secrets
import threading
from dataclasses import dataclass

import pytest
from atproto import CAR, Client, FirehoseSubscribeReposClient, models, parse_subscribe_repos_message
from atproto_client.models.app.bsky.feed.defs import PostView
from atproto_subscription.frames import MessageFrame

from tests.peers.bluesky_network import BlueskyNetwork, wait_for

pytestmark = pytest.mark.integration

POST_COLLECTION = "app.bsky.feed.post"


def log_in(network: BlueskyNetwork, handle: str, password: str) -> Client:
    """Log in; retry while the AppView has not indexed the new account's profile yet."""
    client = Client(base_url=network.pds_url)

    def attempt() -> Client:
        client.login(handle, password)
        return client

    return wait_for(attempt, what=f"the AppView to serve the profile of {handle}")


def byte_slice(text: str, fragment: str) -> models.AppBskyRichtextFacet.ByteSlice:
    """Facet indexes count UTF-8 bytes (start included, end excluded), not characters."""
    encoded, needle = text.encode(), fragment.encode()
    start = encoded.index(needle)
    return models.AppBskyRichtextFacet.ByteSlice(byte_start=start, byte_end=start + len(needle))


def fetch_post(client: Client, uri: str) -> PostView | None:
    posts = client.get_posts([uri]).posts
    return posts[0] if posts else None


@dataclass(frozen=True)
class Conversation:
    """Alice posts (mentioning Bob, with a link), and Bob replies to her."""

    alice: Client
    bob: Client
    alice_did: str
    bob_did: str
    bob_handle: str
    text: str
    link: str
    keyword: str
    post_uri: str
    reply_uri: str


@pytest.fixture(scope="module")
def conversation(bluesky_network: BlueskyNetwork) -> Conversation:
    suffix = secrets.token_hex(3)
    alice_handle, alice_did, alice_password = bluesky_network.create_account(f"alice{suffix}")
    bob_handle, bob_did, bob_password = bluesky_network.create_account(f"bob{suffix}")
    alice = log_in(bluesky_network, alice_handle, alice_password)
    bob = log_in(bluesky_network, bob_handle, bob_password)

    # Accented letters and an emoji before the facets make byte and character offsets differ.
    keyword = f"viennoiseries{suffix}"
    link = "https://boulangerie.example/carte"
    text = f"Crème brûlée 🥐 et {keyword} ce matin @{bob_handle}, la carte : {link}"
    facets = [
        models.AppBskyRichtextFacet.Main(
            index=byte_slice(text, f"@{bob_handle}"),
            features=[models.AppBskyRichtextFacet.Mention(did=bob_did)],
        ),
        models.AppBskyRichtextFacet.Main(
            index=byte_slice(text, link),
            features=[models.AppBskyRichtextFacet.Link(uri=link)],
        ),
    ]
    post = alice.send_post(text, facets=facets, langs=["fr"])

    # The AppView indexes each repository on its own: make sure the parent is known first.
    wait_for(lambda: fetch_post(bob, post.uri), what="the post to reach the AppView")
    parent = models.create_strong_ref(post)
    reply = bob.send_post(
        "Merci, j'arrive !",
        reply_to=models.AppBskyFeedPost.ReplyRef(parent=parent, root=parent),
        langs=["fr"],
    )
    return Conversation(
        alice=alice,
        bob=bob,
        alice_did=alice_did,
        bob_did=bob_did,
        bob_handle=bob_handle,
        text=text,
        link=link,
        keyword=keyword,
        post_uri=post.uri,
        reply_uri=reply.uri,
    )


def test_accounts_log_in_with_their_profile(
    bluesky_network: BlueskyNetwork, conversation: Conversation
) -> None:
    assert conversation.alice.me is not None
    assert conversation.alice.me.did == conversation.alice_did
    resolved = conversation.alice.resolve_handle(conversation.bob_handle)
    assert resolved.did == conversation.bob_did
    assert bluesky_network.rss_bytes() > 0


def test_facets_round_trip_with_byte_offsets(conversation: Conversation) -> None:
    post = wait_for(
        lambda: fetch_post(conversation.bob, conversation.post_uri), what="the post in the AppView"
    )
    record = post.record
    assert isinstance(record, models.AppBskyFeedPost.Record)
    assert record.text == conversation.text
    encoded = record.text.encode()
    found = {}
    for facet in record.facets or []:
        fragment = encoded[facet.index.byte_start : facet.index.byte_end].decode()
        for feature in facet.features:
            if isinstance(feature, models.AppBskyRichtextFacet.Mention):
                found["mention"] = (fragment, feature.did)
            elif isinstance(feature, models.AppBskyRichtextFacet.Link):
                found["link"] = (fragment, feature.uri)
    assert found == {
        "mention": (f"@{conversation.bob_handle}", conversation.bob_did),
        "link": (conversation.link, conversation.link),
    }


def test_reply_is_in_the_thread(conversation: Conversation) -> None:
    reply = wait_for(
        lambda: fetch_post(conversation.alice, conversation.reply_uri),
        what="the reply in the AppView",
    )
    record = reply.record
    assert isinstance(record, models.AppBskyFeedPost.Record)
    assert record.reply is not None
    assert record.reply.parent.uri == conversation.post_uri
    assert reply.author.did == conversation.bob_did


def notification_reasons(client: Client) -> set[tuple[str, str, str]]:
    response = client.app.bsky.notification.list_notifications()
    return {(item.reason, item.author.did, item.uri) for item in response.notifications}


def test_notifications_show_the_reply_and_the_mention(conversation: Conversation) -> None:
    reply = ("reply", conversation.bob_did, conversation.reply_uri)
    wait_for(
        lambda: reply in notification_reasons(conversation.alice),
        what="the reply notification of the post's author",
    )
    mention = ("mention", conversation.alice_did, conversation.post_uri)
    wait_for(
        lambda: mention in notification_reasons(conversation.bob),
        what="the mention notification of the mentioned account",
    )


def test_search_finds_the_post(conversation: Conversation) -> None:
    def found() -> bool:
        params = models.AppBskyFeedSearchPosts.Params(q=conversation.keyword)
        posts = conversation.bob.app.bsky.feed.search_posts(params).posts
        return any(post.uri == conversation.post_uri for post in posts)

    wait_for(found, what="searchPosts to find the post")


def test_firehose_replays_the_post(
    bluesky_network: BlueskyNetwork, conversation: Conversation
) -> None:
    firehose = FirehoseSubscribeReposClient(
        params={"cursor": 0}, base_uri=bluesky_network.firehose_url
    )
    received: dict[str, str] = {}
    done = threading.Event()

    def on_message(frame: MessageFrame) -> None:
        message = parse_subscribe_repos_message(frame)
        if (
            not isinstance(message, models.ComAtprotoSyncSubscribeRepos.Commit)
            or not message.blocks
        ):
            return
        blocks = CAR.from_bytes(message.blocks).blocks
        for op in message.ops:
            uri = f"at://{message.repo}/{op.path}"
            if op.action == "create" and op.cid is not None and uri == conversation.post_uri:
                record = blocks.get(op.cid)
                if isinstance(record, dict) and record.get("$type") == POST_COLLECTION:
                    received["text"] = record["text"]
                    done.set()
                    firehose.stop()

    thread = threading.Thread(target=firehose.start, args=(on_message,), daemon=True)
    thread.start()
    try:
        assert done.wait(timeout=30), "the post never came through subscribeRepos"
    finally:
        firehose.stop()
        thread.join(timeout=10)
    assert received["text"] == conversation.text
