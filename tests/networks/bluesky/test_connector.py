"""The connector over a replayed PDS: cursors, sessions, idempotent writes, error kinds."""

from __future__ import annotations

import json
import time
from datetime import UTC, datetime
from typing import Any

import httpx
import pytest

from comptoir.networks.base import Media, OutgoingPost, capabilities_of
from comptoir.networks.bluesky import api
from comptoir.networks.bluesky.connector import BlueskyConnector
from comptoir.networks.bluesky.errors import CredentialsRefusedError, MainPasswordError
from comptoir.networks.bluesky.records import tid_for_key
from comptoir.networks.errors import ErrorKind, NetworkError, PrivateAddressError
from comptoir.networks.models import ConnectedAccount
from tests.networks.bluesky.conftest import (
    DID,
    FakePds,
    fixture,
    session_body,
    xrpc_error,
)
from tests.networks.bluesky.helpers import png

CREATE = "com.atproto.repo.createRecord"
GET_RECORD = "com.atproto.repo.getRecord"
NOTIFICATIONS = "app.bsky.notification.listNotifications"
RESOLVE = "com.atproto.identity.resolveHandle"
REFRESH = "com.atproto.server.refreshSession"
CREATE_SESSION = "com.atproto.server.createSession"
NOT_FOUND = xrpc_error(400, "RecordNotFound", "Could not locate record")


def created(request: httpx.Request) -> httpx.Response:
    body = json.loads(request.content)
    rkey = body.get("rkey") or "3n36zzzzzzz22"
    return httpx.Response(
        200,
        json={
            "uri": f"at://{DID}/app.bsky.feed.post/{rkey}",
            "cid": "bafyreidrx4kqf3spnfuz6atqbssmn46gglnqqztpfmksz6vllqrs2vem5e",
            "commit": {
                "cid": "bafyreifndhz5h2jcdmpbuybmi4emmhshqqk5f4tlwo3zkicv6ti45je7ay",
                "rev": "3n36rsiobgs2s",
            },
        },
    )


def existing(rkey: str, text: str = "Bonjour") -> dict[str, Any]:
    return {
        "uri": f"at://{DID}/app.bsky.feed.post/{rkey}",
        "cid": "bafyreidrx4kqf3spnfuz6atqbssmn46gglnqqztpfmksz6vllqrs2vem5e",
        "value": {
            "$type": "app.bsky.feed.post",
            "text": text,
            "createdAt": "2026-11-26T03:57:23.767Z",
        },
    }


def timeout(request: httpx.Request) -> httpx.Response:
    raise httpx.ReadTimeout("no answer", request=request)


def refused_connection(request: httpx.Request) -> httpx.Response:
    raise httpx.ConnectError("connection refused", request=request)


def error_of(call: Any) -> NetworkError:
    with pytest.raises(NetworkError) as caught:
        call()
    return caught.value


def test_capabilities() -> None:
    assert capabilities_of(BlueskyConnector) == [
        "publisher",
        "engagement",
        "metrics",
        "listener",
        "live_stream",
    ]


# --- Notifications ---------------------------------------------------------------------


def test_fetch_since_replays_each_notification_once(
    connector: BlueskyConnector, pds: FakePds
) -> None:
    pds.on(NOTIFICATIONS, fixture("notifications"))
    first = connector.fetch_since(None)
    assert [item.kind for item in first.items] == [
        "mention",
        "like",
        "reply",
        "repost",
        "follow",
        "quote",
    ]
    top = json.loads(first.cursor or "")["top"]
    assert datetime.fromisoformat(top) == datetime(2026, 11, 26, 4, 6, 23, 937000, tzinfo=UTC)
    second = connector.fetch_since(first.cursor)
    assert second.items == []
    assert json.loads(second.cursor or "") == json.loads(first.cursor or "")


def test_fetch_since_pages_down_to_the_cursor(connector: BlueskyConnector, pds: FakePds) -> None:
    notifications = fixture("notifications")["notifications"]
    pds.on(NOTIFICATIONS, {"notifications": notifications[4:]})
    start = connector.fetch_since(None)
    assert [item.kind for item in start.items] == ["mention", "like"]
    pages = [
        {"notifications": notifications[:2], "cursor": "page-2"},
        {"notifications": notifications[2:4], "cursor": "page-3"},
        {"notifications": notifications[4:]},  # the end of the list
    ]
    pds.on(NOTIFICATIONS, *[lambda r, p=p: httpx.Response(200, json=p) for p in pages])
    batch = connector.fetch_since(start.cursor)
    assert [item.kind for item in batch.items] == ["reply", "repost", "follow", "quote"]
    asked = [r.url.params.get("cursor") for r in pds.calls(NOTIFICATIONS)[1:]]
    assert asked == [None, "page-2", "page-3"]


# --- Errors ----------------------------------------------------------------------------


def test_rate_limit_with_a_long_reset_goes_back_to_the_caller(
    connector: BlueskyConnector, pds: FakePds, sleeps: list[float]
) -> None:
    reset = str(int(time.time()) + 120)
    pds.on(NOTIFICATIONS, xrpc_error(429, "RateLimitExceeded", **{"ratelimit-reset": reset}))
    error = error_of(lambda: connector.fetch_since(None))
    assert error.kind is ErrorKind.RATE_LIMITED
    assert error.retry_after is not None and 100 < error.retry_after <= 120
    assert sleeps == []


def test_short_rate_limit_and_server_errors_are_waited_out_on_reads(
    connector: BlueskyConnector, pds: FakePds, sleeps: list[float]
) -> None:
    pds.on(
        NOTIFICATIONS,
        xrpc_error(429, "RateLimitExceeded", **{"retry-after": "3"}),
        xrpc_error(502, "UpstreamFailure"),
        fixture("notifications"),
    )
    assert len(connector.fetch_since(None).items) == 6
    assert sleeps[0] == 3.0 and len(sleeps) == 2


def test_write_timeout_is_an_unknown_outcome(connector: BlueskyConnector, pds: FakePds) -> None:
    pds.on(CREATE, timeout)
    error = error_of(lambda: connector.publish(OutgoingPost(text="Bonjour")))
    assert error.kind is ErrorKind.NETWORK
    assert error.outcome_unknown and not error.safe_to_retry


def test_refused_connection_on_a_write_is_safe_to_retry(
    connector: BlueskyConnector, pds: FakePds
) -> None:
    pds.on(CREATE, refused_connection)
    error = error_of(lambda: connector.publish(OutgoingPost(text="Bonjour")))
    assert error.kind is ErrorKind.NETWORK and error.safe_to_retry


@pytest.mark.parametrize(
    ("answer", "kind", "unknown"),
    [
        (
            xrpc_error(400, "InvalidRequest", "Invalid app.bsky.feed.post record"),
            ErrorKind.VALIDATION,
            False,
        ),
        (xrpc_error(401, "AccountTakedown"), ErrorKind.AUTH_EXPIRED, False),
        (xrpc_error(500, "InternalServerError"), ErrorKind.SERVER, True),
        (httpx.Response(200, text="<html>proxy</html>"), ErrorKind.UNKNOWN, True),
    ],
)
def test_write_errors(
    connector: BlueskyConnector,
    pds: FakePds,
    answer: httpx.Response,
    kind: ErrorKind,
    unknown: bool,
) -> None:
    pds.on(CREATE, answer)
    error = error_of(lambda: connector.publish(OutgoingPost(text="Bonjour")))
    assert (error.kind, error.outcome_unknown) == (kind, unknown)


def test_upload_refused_is_media_processing_and_nothing_was_posted(
    connector: BlueskyConnector, pds: FakePds
) -> None:
    pds.on("com.atproto.repo.uploadBlob", xrpc_error(413, "PayloadTooLarge"))
    pds.on(CREATE, created)
    post = OutgoingPost(text="Photo", media=(Media(png(), "image/png", "Un pain"),))
    error = error_of(lambda: connector.publish(post))
    assert error.kind is ErrorKind.MEDIA_PROCESSING and not error.outcome_unknown
    assert pds.calls(CREATE) == []


def test_unreadable_answer_on_a_read_is_a_server_error(
    connector: BlueskyConnector, pds: FakePds
) -> None:
    pds.on(NOTIFICATIONS, httpx.Response(200, json={"unexpected": True}))
    error = error_of(lambda: connector.fetch_since(None))
    assert error.kind is ErrorKind.SERVER and not error.outcome_unknown


# --- Publishing ------------------------------------------------------------------------


def test_published_record(connector: BlueskyConnector, pds: FakePds) -> None:
    pds.on(
        RESOLVE,
        lambda r: (
            httpx.Response(200, json={"did": "did:plc:camille"})
            if r.url.params["handle"] == "camille.test"
            else xrpc_error(400, "HandleNotFound", "Unable to resolve handle")
        ),
    )
    pds.on(GET_RECORD, NOT_FOUND)
    pds.on(CREATE, created)
    pds.on(
        "com.atproto.repo.uploadBlob",
        {
            "blob": {
                "$type": "blob",
                "ref": {"$link": "bafkreigh2akiscaildc"},
                "mimeType": "image/png",
                "size": 68,
            }
        },
    )
    text = "Crème 🥐 pour @camille.test et @inconnu.test #fournil https://x.fr/carte."
    post = OutgoingPost(
        text=text,
        media=(Media(png(), "image/png", alt_text="Le fournil"),),
        idempotency_key="target-1",
        options={"language": "fr"},
    )
    published = connector.publish(post)
    rkey = tid_for_key("target-1")
    assert published.remote_id == f"at://{DID}/app.bsky.feed.post/{rkey}"
    assert published.url == f"https://bsky.app/profile/boulangerie.test/post/{rkey}"
    body = json.loads(pds.calls(CREATE)[0].content)
    assert body["rkey"] == rkey and body["repo"] == DID
    record = body["record"]
    assert record["text"] == text and record["langs"] == ["fr"]
    encoded = text.encode()
    covered = [
        (encoded[f["index"]["byteStart"] : f["index"]["byteEnd"]].decode(), f["features"][0])
        for f in record["facets"]
    ]
    assert [(part, feature["$type"].rsplit("#")[-1]) for part, feature in covered] == [
        ("@camille.test", "mention"),
        ("#fournil", "tag"),
        ("https://x.fr/carte", "link"),
    ]
    assert covered[0][1]["did"] == "did:plc:camille"
    assert record["embed"]["images"][0]["alt"] == "Le fournil"
    ratio = record["embed"]["images"][0]["aspectRatio"]
    assert (ratio["width"], ratio["height"]) == (2, 2)
    upload = pds.calls("com.atproto.repo.uploadBlob")[0]
    assert upload.headers["content-type"] == "image/png" and upload.content == png()


def test_publishing_again_with_the_same_key_returns_the_first_post(
    connector: BlueskyConnector, pds: FakePds
) -> None:
    rkey = tid_for_key("target-2")
    pds.on(GET_RECORD, existing(rkey))
    published = connector.publish(OutgoingPost(text="Bonjour", idempotency_key="target-2"))
    assert published.remote_id.endswith(rkey)
    assert pds.calls(CREATE) == []


def test_a_failed_create_whose_record_exists_is_a_success(
    connector: BlueskyConnector, pds: FakePds
) -> None:
    rkey = tid_for_key("target-3")
    # Not there before; the create "fails" (the PDS answers a taken key with 500); there after.
    pds.on(GET_RECORD, NOT_FOUND, existing(rkey))
    pds.on(CREATE, xrpc_error(500, "InternalServerError"))
    published = connector.publish(OutgoingPost(text="Bonjour", idempotency_key="target-3"))
    assert published.remote_id.endswith(rkey)


def test_a_timed_out_create_not_found_stays_unknown(
    connector: BlueskyConnector, pds: FakePds
) -> None:
    pds.on(GET_RECORD, NOT_FOUND)
    pds.on(CREATE, timeout)
    error = error_of(
        lambda: connector.publish(OutgoingPost(text="Bonjour", idempotency_key="target-4"))
    )
    assert error.outcome_unknown


# --- Sessions --------------------------------------------------------------------------


def test_a_refused_token_is_refreshed_and_the_call_repeated(
    connector: BlueskyConnector, pds: FakePds
) -> None:
    pds.on(
        NOTIFICATIONS,
        xrpc_error(400, "InvalidToken", "Token could not be verified"),
        fixture("notifications"),
    )
    pds.on(REFRESH, session_body())
    assert len(connector.fetch_since(None).items) == 6
    assert len(pds.calls(REFRESH)) == 1
    assert connector.updated_credentials is not None
    assert connector.updated_credentials["app_password"] == "abcd-efgh-ijkl-mnop"
    # The refreshed session serves the next connector of this process.
    assert api.cached_session(connector.api.key) == connector.updated_credentials["session"]


def test_a_revoked_refresh_token_falls_back_to_the_app_password(
    connector: BlueskyConnector, pds: FakePds
) -> None:
    pds.on(
        NOTIFICATIONS,
        xrpc_error(400, "ExpiredToken", "Token has expired"),
        fixture("notifications"),
    )
    pds.on(REFRESH, xrpc_error(400, "ExpiredToken", "Token has been revoked"))
    pds.on(CREATE_SESSION, session_body())
    assert len(connector.fetch_since(None).items) == 6
    login = pds.calls(CREATE_SESSION)[0]
    assert login.url.host == "entryway.example.com"  # the server the account was added with
    assert json.loads(login.content) == {"identifier": DID, "password": "abcd-efgh-ijkl-mnop"}
    assert pds.calls(NOTIFICATIONS)[-1].url.host == "pds.example.com"


def test_a_revoked_app_password_is_auth_expired(connector: BlueskyConnector, pds: FakePds) -> None:
    pds.on(NOTIFICATIONS, xrpc_error(400, "ExpiredToken", "Token has expired"))
    pds.on(REFRESH, xrpc_error(400, "ExpiredToken", "Token has been revoked"))
    pds.on(CREATE_SESSION, xrpc_error(401, "AuthenticationRequired", "Invalid identifier"))
    error = error_of(lambda: connector.fetch_since(None))
    assert error.kind is ErrorKind.AUTH_EXPIRED
    assert len(pds.calls(NOTIFICATIONS)) == 1  # renewed once, not in a loop


def test_unreadable_credentials_are_auth_expired(account: ConnectedAccount) -> None:
    account.credentials_token = "not-a-token"
    assert error_of(lambda: BlueskyConnector(account)).kind is ErrorKind.AUTH_EXPIRED
    account.credentials = {}
    assert error_of(lambda: BlueskyConnector(account)).kind is ErrorKind.AUTH_EXPIRED


# --- Connecting ------------------------------------------------------------------------

CONNECT = {
    "handle": "boulangerie.test",
    "app_password": "abcd-efgh-ijkl-mnop",
    "server": "https://entryway.example.com",
}


def test_connect(pds: FakePds) -> None:
    pds.on(CREATE_SESSION, session_body())
    pds.on(
        "app.bsky.actor.getProfile",
        {"did": DID, "handle": "boulangerie.test", "displayName": "Boulangerie Martin"},
    )
    info = BlueskyConnector.connect(CONNECT, transport=pds.transport)
    assert (info.remote_id, info.handle, info.display_name) == (
        DID,
        "boulangerie.test",
        "Boulangerie Martin",
    )
    assert info.server_url == "https://pds.example.com"
    assert info.credentials["service"] == "https://entryway.example.com"
    assert info.credentials["app_password"] == "abcd-efgh-ijkl-mnop"
    assert info.credentials["session"].startswith(f"boulangerie.test:::{DID}:::")


def test_connect_refuses_the_main_password(pds: FakePds) -> None:
    pds.on(CREATE_SESSION, session_body(scope="com.atproto.access"))
    pds.on("com.atproto.server.deleteSession", httpx.Response(200))
    with pytest.raises(MainPasswordError) as refused:
        BlueskyConnector.connect(CONNECT, transport=pds.transport)
    assert "main password" in refused.value.user_message
    assert len(pds.calls("com.atproto.server.deleteSession")) == 1


def test_connect_with_wrong_credentials(pds: FakePds) -> None:
    answer = fixture("error_create_session")
    pds.on(CREATE_SESSION, httpx.Response(answer["status"], json=answer["body"]))
    with pytest.raises(CredentialsRefusedError) as refused:
        BlueskyConnector.connect(CONNECT, transport=pds.transport)
    assert refused.value.kind is ErrorKind.AUTH_EXPIRED
    assert "app password" in refused.value.user_message


def test_a_pds_on_a_private_network_is_refused(pds: FakePds, settings: Any) -> None:
    body = session_body()
    body["didDoc"]["service"][0]["serviceEndpoint"] = "http://10.0.0.5"
    pds.on(CREATE_SESSION, body)
    with pytest.raises(PrivateAddressError):
        BlueskyConnector.connect(CONNECT, transport=pds.transport)
    settings.ALLOWED_PRIVATE_HOSTS = []
    with pytest.raises(PrivateAddressError):
        BlueskyConnector.connect({**CONNECT, "server": "http://127.0.0.1:2583"})


# --- Search and metrics ----------------------------------------------------------------


def test_search_leaves_out_our_own_posts(connector: BlueskyConnector, pds: FakePds) -> None:
    theirs = fixture("search_posts")["posts"][0]
    ours = {
        **theirs,
        "uri": f"at://{DID}/app.bsky.feed.post/3n36sclaaaa2b",
        "author": {"did": DID, "handle": "boulangerie.test"},
    }
    pds.on("app.bsky.feed.searchPosts", {"posts": [ours, theirs]})
    batch = connector.search(" kouignamann ", None)
    assert [item.remote_id for item in batch.items] == [theirs["uri"]]
    assert pds.calls("app.bsky.feed.searchPosts")[0].url.params["sort"] == "latest"
    assert connector.search("kouignamann", batch.cursor).items == []
    assert error_of(lambda: connector.search("  ", None)).kind is ErrorKind.VALIDATION


def test_metrics(connector: BlueskyConnector, pds: FakePds) -> None:
    view = fixture("get_posts")["posts"][0]
    pds.on(
        "app.bsky.feed.getPosts",
        {"posts": [{**view, "likeCount": 3, "repostCount": 2, "replyCount": 1, "quoteCount": 4}]},
    )
    gone = f"at://{DID}/app.bsky.feed.post/3n36sclaaaa2b"
    metrics = connector.post_metrics([gone, view["uri"], "nonsense"])
    assert [(m.remote_id, m.likes, m.reposts, m.replies, m.quotes) for m in metrics] == [
        (view["uri"], 3, 2, 1, 4)
    ]
    asked = pds.calls("app.bsky.feed.getPosts")[0].url.params.get_list("uris")
    assert asked == [gone, view["uri"]]
