"""The Bluesky connector against a real local AT Protocol network (PLC, PDS, AppView).

The business is "alice", connected with an app password created on the PDS (the local
PDS supports app passwords, so the main password is never used by the connector). Bob
plays the customer with the SDK directly. The AppView indexes asynchronously, so what
depends on it is polled with ``wait_for``.
"""

from __future__ import annotations

import secrets
import threading
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

import pytest
from atproto import Client, models
from django.test import Client as WebClient
from django.urls import reverse
from django.utils import translation
from django.utils.html import escape
from django.utils.translation import gettext

from comptoir.networks import actions
from comptoir.networks.base import Batch, IncomingItem, Media, OutgoingPost
from comptoir.networks.bluesky import api
from comptoir.networks.bluesky.connector import BlueskyConnector
from comptoir.networks.bluesky.errors import CredentialsRefusedError, MainPasswordError
from comptoir.networks.bluesky.facets import Facet, facet_text
from comptoir.networks.bluesky.listening import StreamPost, consume_firehose
from comptoir.networks.bluesky.records import POST, now_iso, tid_for_key
from comptoir.networks.errors import ErrorKind, NetworkError
from comptoir.networks.models import ConnectedAccount
from tests.networks.bluesky.helpers import png
from tests.peers.bluesky_network import BlueskyNetwork, wait_for

pytestmark = pytest.mark.integration


@dataclass(frozen=True)
class Person:
    handle: str
    did: str
    password: str
    client: Client


@dataclass(frozen=True)
class Cast:
    alice: Person  # the business
    bob: Person  # a customer
    app_password: str


def log_in(network: BlueskyNetwork, handle: str, password: str) -> Client:
    client = Client(base_url=network.pds_url)

    def attempt() -> Client:
        client.login(handle, password)
        return client

    return wait_for(attempt, what=f"the AppView to know {handle}")


def person(network: BlueskyNetwork, name: str) -> Person:
    handle, did, password = network.create_account(f"{name}{secrets.token_hex(3)}")
    return Person(handle, did, password, log_in(network, handle, password))


@pytest.fixture(scope="module")
def cast(bluesky_network: BlueskyNetwork) -> Cast:
    alice = person(bluesky_network, "alice")
    bob = person(bluesky_network, "bob")
    created = alice.client.com.atproto.server.create_app_password(
        models.ComAtprotoServerCreateAppPassword.Data(name="Comptoir")
    )
    return Cast(alice, bob, created.password)


@pytest.fixture(autouse=True)
def local_network_allowed(settings: Any) -> Iterator[None]:
    settings.ALLOWED_PRIVATE_HOSTS = ["localhost", "127.0.0.1"]
    api.forget_sessions()
    yield
    api.forget_sessions()


def connect_data(network: BlueskyNetwork, handle: str, password: str) -> dict[str, str]:
    return {"handle": handle, "app_password": password, "server": network.pds_url}


@pytest.fixture
def account(bluesky_network: BlueskyNetwork, cast: Cast, workspace: Any) -> ConnectedAccount:
    info = BlueskyConnector.connect(
        connect_data(bluesky_network, cast.alice.handle, cast.app_password)
    )
    return actions.save_connection(workspace, "bluesky", info, None)


@pytest.fixture
def connector(account: ConnectedAccount) -> BlueskyConnector:
    return BlueskyConnector(account, timeout=10.0)


def post_view(client: Client, uri: str) -> Any:
    posts = client.get_posts([uri]).posts
    return posts[0] if posts else None


def record_of(client: Client, uri: str) -> Any:
    view = wait_for(lambda: post_view(client, uri), what=f"{uri} in the AppView")
    return view.record


def bob_posts(cast: Cast, text: str, **kwargs: Any) -> Any:
    """Bob posts as the Bluesky app would, with his mentions as facets."""
    facets = cast.bob.client.detect_facets(text)
    return cast.bob.client.send_post(text, langs=["fr"], facets=facets, **kwargs)


def until_items(connector: BlueskyConnector, cursor: str | None, wanted: Any) -> Batch:
    """Poll ``fetch_since(cursor)`` (without moving the cursor) until ``wanted(items)``."""

    def attempt() -> Batch | None:
        batch = connector.fetch_since(cursor)
        return batch if wanted(batch.items) else None

    return wait_for(attempt, what="the notifications")


# --- Connecting ------------------------------------------------------------------------


def test_connect_through_the_page(
    bluesky_network: BlueskyNetwork, cast: Cast, workspace: Any, owner_client: WebClient
) -> None:
    url = reverse("networks:connect", args=[workspace.slug, "bluesky"])
    page = owner_client.get(url)
    assert page.status_code == 200
    with translation.override(page["Content-Language"]):
        assert escape(gettext("App password")) in page.content.decode()
    assert 'name="server"' in page.content.decode()
    response = owner_client.post(
        url, connect_data(bluesky_network, f"@{cast.alice.handle.upper()}", cast.app_password)
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    account = ConnectedAccount.objects.for_workspace(workspace).get(network="bluesky")
    assert account.remote_id == cast.alice.did
    assert account.handle == cast.alice.handle
    assert account.server_url == bluesky_network.pds_url
    credentials = account.credentials
    assert credentials["app_password"] == cast.app_password
    assert credentials["identifier"] == cast.alice.did
    assert cast.alice.did in credentials["session"]
    assert cast.app_password not in account.credentials_token  # stored encrypted


def test_wrong_app_password_is_explained_on_the_page(
    bluesky_network: BlueskyNetwork, cast: Cast, workspace: Any, owner_client: WebClient
) -> None:
    url = reverse("networks:connect", args=[workspace.slug, "bluesky"])
    response = owner_client.post(
        url, connect_data(bluesky_network, cast.alice.handle, "abcd-efgh-ijkl-mnop")
    )
    assert response.status_code == 200
    with translation.override(response["Content-Language"]):
        message = CredentialsRefusedError("").user_message
    assert escape(message) in response.content.decode()
    assert not ConnectedAccount.objects.for_workspace(workspace).exists()


def test_main_password_is_refused(bluesky_network: BlueskyNetwork, cast: Cast) -> None:
    data = connect_data(bluesky_network, cast.alice.handle, cast.alice.password)
    with pytest.raises(MainPasswordError):
        BlueskyConnector.connect(data)
    with pytest.raises(CredentialsRefusedError) as refused:
        BlueskyConnector.connect({**data, "app_password": "aaaa-bbbb-cccc-dddd"})
    assert refused.value.kind is ErrorKind.AUTH_EXPIRED


# --- Publishing ------------------------------------------------------------------------


def test_publish_with_facets_and_an_image(connector: BlueskyConnector, cast: Cast) -> None:
    link = "https://boulangerie.example/carte?jour=lundi"
    text = (
        f"Crème brûlée 🥐 et #pâtisserie du jour pour @{cast.bob.handle} "
        f"(pas pour @personne.test), la carte : {link}."
    )
    image = Media(png(4, 3), "image/png", alt_text="Une crème brûlée dorée", filename="creme.png")
    published = connector.publish(
        OutgoingPost(text=text, media=(image,), options={"langs": ["fr"]})
    )
    assert published.remote_id.startswith(f"at://{cast.alice.did}/{POST}/")
    assert published.url.startswith(f"https://bsky.app/profile/{cast.alice.handle}/post/")
    view = wait_for(lambda: post_view(cast.bob.client, published.remote_id), what="the post")
    record = view.record
    assert record.text == text
    assert record.langs == ["fr"]
    found = {}
    for facet in record.facets:
        feature = facet.features[0]
        fragment = facet_text(text, Facet(facet.index.byte_start, facet.index.byte_end, "", ""))
        found[feature.py_type.rsplit("#", 1)[-1]] = (
            fragment,
            getattr(feature, "did", None) or getattr(feature, "uri", None) or feature.tag,
        )
    assert found == {
        "tag": ("#pâtisserie", "pâtisserie"),
        "mention": (f"@{cast.bob.handle}", cast.bob.did),
        "link": (link, link),
    }
    assert record.embed.images[0].alt == "Une crème brûlée dorée"
    ratio = record.embed.images[0].aspect_ratio
    assert (ratio.width, ratio.height) == (4, 3)
    assert view.embed.images[0].alt == "Une crème brûlée dorée"


def test_too_large_image_is_refused_before_sending(connector: BlueskyConnector) -> None:
    big = Media(b"\x89PNG" + b"0" * 1_000_000, "image/png", alt_text="trop grande")
    with pytest.raises(NetworkError) as refused:
        connector.publish(OutgoingPost(text="Photo", media=(big,)))
    assert refused.value.kind is ErrorKind.VALIDATION
    assert not refused.value.outcome_unknown


def test_reply_and_thread(connector: BlueskyConnector, cast: Cast) -> None:
    question = bob_posts(cast, "Vous ouvrez dimanche ?")
    wait_for(lambda: post_view(cast.alice.client, question.uri), what="bob's question")
    answer = connector.reply(question.uri, OutgoingPost(text="Oui, de 8 h à 13 h !"))
    record = record_of(cast.bob.client, answer.remote_id)
    assert record.reply.parent.uri == question.uri
    assert record.reply.root.uri == question.uri
    # An answer to the answer keeps bob's post as the root of the conversation.
    more = connector.reply(answer.remote_id, OutgoingPost(text="Et le pain est prêt à 7 h."))
    deeper = record_of(cast.bob.client, more.remote_id)
    assert deeper.reply.parent.uri == answer.remote_id
    assert deeper.reply.root.uri == question.uri

    thread = connector.publish_thread(
        [
            OutgoingPost(text="Nos nouveautés (1/3)", idempotency_key=secrets.token_hex(8)),
            OutgoingPost(text="La tarte aux pralines (2/3)"),
            OutgoingPost(text="Le pain au sarrasin (3/3)"),
        ]
    )
    first, second, third = (record_of(cast.bob.client, p.remote_id) for p in thread)
    assert first.reply is None
    assert second.reply.parent.uri == thread[0].remote_id
    assert second.reply.root.uri == thread[0].remote_id
    assert third.reply.parent.uri == thread[1].remote_id
    assert third.reply.root.uri == thread[0].remote_id


def own_posts(cast: Cast) -> list[Any]:
    params = models.ComAtprotoRepoListRecords.Params(
        repo=cast.alice.did, collection=POST, limit=100
    )
    return list(cast.alice.client.com.atproto.repo.list_records(params).records)


def test_same_idempotency_key_publishes_once(connector: BlueskyConnector, cast: Cast) -> None:
    post = OutgoingPost(text="Fermeture exceptionnelle lundi.", idempotency_key="target-42-a")
    first = connector.publish(post)
    again = connector.publish(post)
    assert again.remote_id == first.remote_id
    assert first.remote_id.endswith(tid_for_key("target-42-a"))
    assert sum(r.uri == first.remote_id for r in own_posts(cast)) == 1
    assert sum(r.value.text == post.text for r in own_posts(cast)) == 1


def test_find_published_finds_a_post_published_behind_our_back(
    connector: BlueskyConnector, cast: Cast
) -> None:
    since = datetime.now(UTC)
    # The first attempt reached the PDS but its answer was lost: the record exists with
    # the key derived from the idempotency key.
    keyed = OutgoingPost(text="Galette des rois en vitrine !", idempotency_key="target-7")
    record = models.AppBskyFeedPost.Record(text=keyed.text, created_at=now_iso())
    created = cast.alice.client.com.atproto.repo.create_record(
        models.ComAtprotoRepoCreateRecord.Data(
            repo=cast.alice.did, collection=POST, record=record, rkey=tid_for_key("target-7")
        )
    )
    found = connector.find_published(keyed, since)
    assert found is not None and found.remote_id == created.uri
    assert (
        connector.find_published(OutgoingPost(text=keyed.text, idempotency_key="target-8"), since)
        is None
    )
    # Publishing again with the key finds that post instead of writing a second one.
    assert connector.publish(keyed).remote_id == created.uri
    assert sum(r.value.text == keyed.text for r in own_posts(cast)) == 1

    # Without a key, the account's recent posts are compared by text.
    plain = cast.alice.client.send_post("Crêpes  à la  chandeleur", langs=["fr"])
    found = connector.find_published(OutgoingPost(text="Crêpes à la chandeleur"), since)
    assert found is not None and found.remote_id == plain.uri
    assert connector.find_published(OutgoingPost(text="Autre chose"), since) is None


def test_delete(connector: BlueskyConnector, cast: Cast) -> None:
    published = connector.publish(OutgoingPost(text="Un message à retirer"))
    connector.delete(published.remote_id)
    connector.delete(published.remote_id)  # already gone: fine
    assert all(r.uri != published.remote_id for r in own_posts(cast))
    with pytest.raises(NetworkError) as refused:
        connector.delete(f"at://{cast.bob.did}/{POST}/3jzfcijpj2z2a")
    assert refused.value.kind is ErrorKind.VALIDATION


# --- Reading ---------------------------------------------------------------------------


def kinds(items: list[IncomingItem]) -> set[tuple[str, str]]:
    return {(item.kind, item.author.remote_id) for item in items}


def test_fetch_since_reads_each_notification_once(connector: BlueskyConnector, cast: Cast) -> None:
    start = connector.fetch_since(None)
    post = connector.publish(OutgoingPost(text="Le pain de mie est de retour."))
    view = wait_for(lambda: post_view(cast.bob.client, post.remote_id), what="alice's post")
    parent = models.create_strong_ref(view)
    mention = bob_posts(cast, f"Merci @{cast.alice.handle} pour le pain !")
    cast.bob.client.like(post.remote_id, view.cid)
    answer = models.AppBskyFeedPost.ReplyRef(parent=parent, root=parent)
    reply = bob_posts(cast, "Il est délicieux.", reply_to=answer)
    cast.bob.client.repost(post.remote_id, parent.cid)
    cast.bob.client.follow(cast.alice.did)
    quote = bob_posts(cast, "À essayer !", embed=models.AppBskyEmbedRecord.Main(record=parent))

    wanted = {
        (kind, cast.bob.did) for kind in ("mention", "reply", "quote", "like", "repost", "follow")
    }
    batch = until_items(connector, start.cursor, lambda items: wanted <= kinds(items))
    by_kind = {item.kind: item for item in batch.items}
    assert by_kind["mention"].remote_id == mention.uri
    assert by_kind["mention"].text == f"Merci @{cast.alice.handle} pour le pain !"
    assert by_kind["mention"].url.startswith(f"https://bsky.app/profile/{cast.bob.handle}/post/")
    assert by_kind["mention"].author.handle == f"@{cast.bob.handle}"
    assert by_kind["reply"].remote_id == reply.uri
    assert by_kind["reply"].in_reply_to == post.remote_id
    assert by_kind["reply"].thread_id == post.remote_id
    assert by_kind["quote"].remote_id == quote.uri
    assert by_kind["like"].in_reply_to == post.remote_id
    assert by_kind["follow"].url == f"https://bsky.app/profile/{cast.bob.handle}"
    assert [item.created_at for item in batch.items] == sorted(
        item.created_at for item in batch.items
    )

    # Nothing new: nothing returned, and the cursor still works afterwards.
    assert connector.fetch_since(batch.cursor).items == []
    again = bob_posts(cast, f"@{cast.alice.handle} et les croissants ?")
    later = until_items(connector, batch.cursor, lambda items: bool(items))
    assert [item.remote_id for item in later.items] == [again.uri]
    assert connector.fetch_since(later.cursor).items == []


def test_search_finds_new_posts_of_others(connector: BlueskyConnector, cast: Cast) -> None:
    word = f"kouignamann{secrets.token_hex(3)}"
    first = connector.search(word, None)
    assert first.items == []
    connector.publish(OutgoingPost(text=f"Notre {word} sort du four"))
    theirs = bob_posts(cast, f"Le meilleur {word} de la ville")

    def found() -> Batch | None:
        batch = connector.search(word, first.cursor)
        return batch if batch.items else None

    batch = wait_for(found, what="searchPosts to find bob's post")
    assert [item.remote_id for item in batch.items] == [theirs.uri]  # not alice's own post
    assert batch.items[0].author.remote_id == cast.bob.did
    assert connector.search(word, batch.cursor).items == []


def test_metrics_after_likes_and_replies(connector: BlueskyConnector, cast: Cast) -> None:
    published = connector.publish(OutgoingPost(text="Qui veut goûter la brioche ?"))
    view = wait_for(lambda: post_view(cast.bob.client, published.remote_id), what="the post")
    cast.bob.client.like(published.remote_id, view.cid)
    cast.bob.client.repost(published.remote_id, view.cid)
    ref = models.create_strong_ref(view)
    bob_posts(cast, "Moi !", reply_to=models.AppBskyFeedPost.ReplyRef(parent=ref, root=ref))

    def counted() -> Any:
        metrics = connector.post_metrics([published.remote_id, "not-an-uri"])
        done = metrics and metrics[0].likes == 1 and metrics[0].replies == 1
        return metrics if done and metrics[0].reposts == 1 else None

    metrics = wait_for(counted, what="the counters")
    assert metrics[0].remote_id == published.remote_id
    assert metrics[0].quotes == 0


# --- Listening -------------------------------------------------------------------------


def test_firehose_delivers_published_posts(
    bluesky_network: BlueskyNetwork, connector: BlueskyConnector
) -> None:
    received: list[StreamPost] = []
    cursors: list[int] = []
    stop = threading.Event()
    published = connector.publish(OutgoingPost(text="Direct du fournil", options={"langs": ["fr"]}))
    thread = threading.Thread(
        target=lambda: consume_firehose(
            bluesky_network.firehose_url,
            received.append,
            stop,
            cursor=0,
            on_cursor=cursors.append,
        ),
        daemon=True,
    )
    thread.start()
    try:
        post = wait_for(
            lambda: next((p for p in received if p.uri == published.remote_id), None),
            timeout=30,
            what="the post on the firehose",
        )
    finally:
        stop.set()
        thread.join(timeout=10)
    assert not thread.is_alive()
    assert post.text == "Direct du fournil"
    assert post.langs == ("fr",)
    assert post.did == connector.did
    assert cursors and cursors[-1] >= post.cursor > 0


# --- Credentials -----------------------------------------------------------------------


def broken_session(session_string: str) -> str:
    """The same session with an access token the PDS cannot verify."""
    handle, did, access, refresh, pds = session_string.split(":::")
    return ":::".join([handle, did, access[:-6] + "AAAAAA", refresh, pds])


def test_refused_token_is_renewed_once(account: ConnectedAccount) -> None:
    credentials = account.credentials
    account.credentials = {**credentials, "session": broken_session(credentials["session"])}
    connector = BlueskyConnector(account)
    assert isinstance(connector.fetch_since(None), Batch)
    assert connector.updated_credentials is not None
    assert connector.updated_credentials["session"] != account.credentials["session"]


def test_revoked_app_password_is_auth_expired(
    bluesky_network: BlueskyNetwork, cast: Cast, workspace: Any
) -> None:
    created = cast.alice.client.com.atproto.server.create_app_password(
        models.ComAtprotoServerCreateAppPassword.Data(name=f"Éphémère {secrets.token_hex(2)}")
    )
    info = BlueskyConnector.connect(
        connect_data(bluesky_network, cast.alice.handle, created.password)
    )
    account = actions.save_connection(workspace, "bluesky", info, None)
    cast.alice.client.com.atproto.server.revoke_app_password(
        models.ComAtprotoServerRevokeAppPassword.Data(name=created.name)
    )
    api.forget_sessions()
    account.credentials = {
        **account.credentials,
        "session": broken_session(account.credentials["session"]),
    }
    with pytest.raises(NetworkError) as expired:
        BlueskyConnector(account).fetch_since(None)
    assert expired.value.kind is ErrorKind.AUTH_EXPIRED
    with pytest.raises(NetworkError) as refused:
        BlueskyConnector(account).publish(OutgoingPost(text="Ne doit pas partir"))
    assert refused.value.kind is ErrorKind.AUTH_EXPIRED
    assert not refused.value.outcome_unknown
