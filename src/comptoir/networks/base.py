"""Capability interfaces: a connector implements only what its network's API allows.

A connector is built for one connected account (``Connector(account)``, given the
``ConnectedAccount``) and talks to the network through the shared HTTP layer or the
network's SDK. It never touches the database: the actions layer stores what it returns.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, Protocol, runtime_checkable


@dataclass(frozen=True)
class Media:
    """An image or video to attach, already in a format the network accepts."""

    content: bytes
    mime_type: str
    alt_text: str = ""
    filename: str = "media"


@dataclass(frozen=True)
class OutgoingPost:
    text: str
    media: tuple[Media, ...] = ()
    # The id of the remote post this one answers, for replies and threads.
    in_reply_to: str | None = None
    # Opaque key that lets the network (or our reconciliation) recognise a repeated attempt.
    idempotency_key: str | None = None
    options: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class PublishedPost:
    remote_id: str
    url: str
    published_at: datetime | None = None


@dataclass(frozen=True)
class Author:
    remote_id: str
    handle: str
    display_name: str = ""
    url: str = ""


@dataclass(frozen=True)
class IncomingItem:
    """Something that reached the account: a comment, reply, mention, message, review..."""

    remote_id: str
    kind: str  # comment, reply, mention, quote, direct, review, like, repost, follow
    author: Author
    text: str
    created_at: datetime
    url: str = ""
    in_reply_to: str | None = None
    thread_id: str | None = None
    raw: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class Batch:
    """A page of items and the cursor to ask for what comes after them."""

    items: list[IncomingItem]
    cursor: str | None


@dataclass(frozen=True)
class PostMetrics:
    remote_id: str
    likes: int = 0
    reposts: int = 0
    replies: int = 0
    quotes: int = 0
    views: int | None = None


@runtime_checkable
class Publisher(Protocol):
    def publish(self, post: OutgoingPost) -> PublishedPost: ...

    def delete(self, remote_id: str) -> None: ...

    def find_published(self, post: OutgoingPost, since: datetime) -> PublishedPost | None:
        """Look for a post already on the network (to reconcile an unknown outcome)."""
        ...


@runtime_checkable
class Engagement(Protocol):
    def fetch_since(self, cursor: str | None) -> Batch: ...

    def reply(self, remote_id: str, post: OutgoingPost) -> PublishedPost: ...


@runtime_checkable
class Messaging(Protocol):
    def fetch_messages(self, cursor: str | None) -> Batch: ...

    def send_message(
        self, thread_id: str, text: str, *, idempotency_key: str | None = None
    ) -> PublishedPost:
        """Answer a private thread. Networks that honour ``idempotency_key`` (see
        ``NetworkInfo.idempotent_publish``) return the first message when a request is
        repeated with the same key; the others ignore it, and an unknown outcome is
        reconciled by looking for the message instead."""
        ...


@runtime_checkable
class Reviews(Protocol):
    def fetch_reviews(self, cursor: str | None) -> Batch: ...

    def reply_to_review(self, remote_id: str, text: str) -> None: ...


@runtime_checkable
class Metrics(Protocol):
    def post_metrics(self, remote_ids: list[str]) -> list[PostMetrics]: ...


@runtime_checkable
class Listener(Protocol):
    def search(self, query: str, cursor: str | None) -> Batch: ...


@runtime_checkable
class LiveStream(Protocol):
    """What reaches the account, as it happens, over a connection held open.

    ``stream`` blocks until ``stop_event`` is set, then returns promptly (within a
    second or two). It hands each item to ``on_item`` and calls ``on_open`` once the
    subscription is live; both may be called from another thread and must be quick.
    It raises a classified NetworkError when the stream cannot be opened or is lost: the
    caller decides whether to reconnect (and reads what was said meanwhile by polling).
    A stream only makes news arrive sooner: ``Engagement.fetch_since`` stays the reference.
    """

    def stream(
        self,
        on_item: Callable[[IncomingItem], None],
        stop_event: threading.Event,
        on_open: Callable[[], None] | None = None,
    ) -> None: ...


CAPABILITIES: dict[str, type] = {
    "publisher": Publisher,
    "engagement": Engagement,
    "messaging": Messaging,
    "reviews": Reviews,
    "metrics": Metrics,
    "listener": Listener,
    "live_stream": LiveStream,
}


def capabilities_of(connector_class: type) -> list[str]:
    """The capability names a connector class implements (all methods present)."""
    names = []
    for name, protocol in CAPABILITIES.items():
        methods = [m for m in vars(protocol) if not m.startswith("_")]
        if all(callable(getattr(connector_class, m, None)) for m in methods):
            names.append(name)
    return names


@dataclass(frozen=True)
class AccountInfo:
    """What a successful connection tells us about the account, secrets included."""

    remote_id: str
    handle: str
    display_name: str = ""
    server_url: str = ""
    credentials: dict[str, Any] = field(default_factory=dict)
    token_expires_at: datetime | None = None
