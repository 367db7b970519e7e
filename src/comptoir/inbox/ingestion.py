"""Bring what customers say on the networks into the inbox.

For each connected account we read the network's incremental streams (comments, replies
and mentions through ``fetch_since``; direct messages through ``fetch_messages``; reviews
and their stars through ``fetch_reviews``) from
where the last read stopped. A page of items is stored and the stream's cursor moved
forward in one transaction: if anything fails before the commit, the cursor still points
before the page and the next run reads it again; the unique remote id makes that repeat
harmless. A failing network leaves the cursor where it was and marks the account.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from django.db import transaction

from comptoir.contacts.identities import people_for
from comptoir.contacts.models import Person
from comptoir.inbox.conversations import conversations_for, refresh, thread_key
from comptoir.inbox.labelling import label_messages
from comptoir.inbox.models import Conversation, Message, MessageKind
from comptoir.networks.actions import reading
from comptoir.networks.base import Batch, IncomingItem
from comptoir.networks.models import ConnectedAccount
from comptoir.networks.registry import NetworkSpec, get_network
from comptoir.routing.engine import route_new

# Kinds of items that are someone talking to the business; likes, reposts and follows are
# reactions, counted elsewhere, and never wait for an answer.
MESSAGE_KINDS = frozenset(MessageKind.values)
# A run reads at most this many pages per stream, so one very busy account cannot hold a
# worker; the rest is read at the next run, from the saved cursor.
MAX_PAGES = 10


@dataclass(frozen=True)
class Stream:
    """One incremental read: the connector method and the cursor's key on the account."""

    method: str
    cursor_key: str


STREAMS = (
    Stream("fetch_since", "inbox:engagement"),
    Stream("fetch_messages", "inbox:messages"),
    Stream("fetch_reviews", "inbox:reviews"),
)


def readable_streams(spec: NetworkSpec) -> list[Stream]:
    """The streams a network offers to the inbox.

    Feeds are left out: their entries are articles to listen to, not people talking to
    the business, and reading them every minute would only burden their servers.
    """
    if spec.auth == "feed":
        return []
    return [s for s in STREAMS if callable(getattr(spec.connector_class, s.method, None))]


def ingest_account(account: ConnectedAccount) -> int:
    """Read every new message of the account into the inbox; return how many were added.

    Safe to run again at any time, and concurrently: nothing is stored twice.
    """
    spec = get_network(account.network)
    streams = readable_streams(spec)
    if not streams:
        return 0
    connector = spec.connector_class(account)
    added = 0
    with reading(account, connector, "inbox"):
        for stream in streams:
            fetch: Callable[[str | None], Batch] = getattr(connector, stream.method)
            added += _read_stream(account, stream, fetch)
    return added


def _read_stream(
    account: ConnectedAccount, stream: Stream, fetch: Callable[[str | None], Batch]
) -> int:
    added = 0
    cursor = _cursor(account, stream)
    for _page in range(MAX_PAGES):
        batch = fetch(cursor)
        with transaction.atomic():
            added += store_items(account, batch.items)
            _save_cursor(account, stream, batch.cursor)
        if batch.cursor is None or batch.cursor == cursor:
            break  # nothing more to read for now
        cursor = batch.cursor
    return added


def _cursor(account: ConnectedAccount, stream: Stream) -> str | None:
    value = (account.cursors or {}).get(stream.cursor_key)
    return value if isinstance(value, str) else None


def _save_cursor(account: ConnectedAccount, stream: Stream, cursor: str | None) -> None:
    """Move one stream's cursor, leaving the other keys (other features' streams) alone.

    The row is locked and read again so two runs writing different keys never lose one.
    """
    if cursor is None or _cursor(account, stream) == cursor:
        return
    locked = ConnectedAccount.objects.select_for_update().only("cursors").get(pk=account.pk)
    cursors = dict(locked.cursors or {})
    cursors[stream.cursor_key] = cursor
    ConnectedAccount.objects.filter(pk=account.pk).update(cursors=cursors)
    account.cursors = cursors


def store_items(account: ConnectedAccount, items: Iterable[IncomingItem]) -> int:
    """Store the items that are messages and not stored yet; return how many were added.

    Must run inside the transaction that also saves the cursor.
    """
    wanted: dict[str, IncomingItem] = {}
    for item in items:
        remote_id = item.remote_id[:255]
        if item.kind in MESSAGE_KINDS and remote_id and remote_id not in wanted:
            wanted[remote_id] = item
    if not wanted:
        return 0
    mine = Message.objects.filter(workspace_id=account.workspace_id, account=account)
    known = set(mine.filter(remote_id__in=list(wanted)).values_list("remote_id", flat=True))
    fresh = {remote_id: item for remote_id, item in wanted.items() if remote_id not in known}
    if not fresh:
        return 0
    people = _people(account, fresh.values())
    keys = {
        remote_id: thread_key(item.thread_id, remote_id, _handle(item))
        for remote_id, item in fresh.items()
    }
    threads: dict[str, tuple[Person, datetime]] = {}
    for remote_id, item in sorted(fresh.items(), key=lambda pair: pair[1].created_at):
        threads.setdefault(keys[remote_id], (people[_handle(item)], item.created_at))
    conversations = conversations_for(account, threads)
    messages = [
        _message(account, remote_id, item, people[_handle(item)], conversations[keys[remote_id]])
        for remote_id, item in fresh.items()
    ]
    label_messages(messages)
    before = mine.count()
    # Another run may have stored some of them meanwhile: the constraint skips those.
    Message.objects.bulk_create(messages, ignore_conflicts=True)
    touched = {conversations[key].pk: conversations[key] for key in keys.values()}
    refresh(touched.values())
    route_new(touched.values())
    return int(mine.count() - before)


def _handle(item: IncomingItem) -> str:
    return (item.author.handle or item.author.remote_id)[:150]


def _people(account: ConnectedAccount, items: Iterable[IncomingItem]) -> dict[str, Person]:
    """The people who wrote these items, by handle; newcomers are added to the contacts."""
    items = list(items)
    urls = {_handle(item): item.author.url for item in items if item.author.url}
    authors = [(_handle(item), item.author.display_name or _handle(item)) for item in items]
    return people_for(account.workspace, account.network, authors, urls)


def _message(
    account: ConnectedAccount,
    remote_id: str,
    item: IncomingItem,
    person: Person,
    conversation: Conversation,
) -> Message:
    return Message(
        workspace_id=account.workspace_id,
        conversation=conversation,
        account=account,
        network=account.network,
        kind=item.kind,
        person=person,
        text=item.text,
        received_at=item.created_at,
        remote_id=remote_id,
        url=item.url[:2000],
        in_reply_to=(item.in_reply_to or "")[:255],
        thread_id=(item.thread_id or "")[:255],
        raw=_raw(item.raw),
        rating=rating_of(item),
    )


def rating_of(item: IncomingItem) -> int | None:
    """A review's stars from ``raw["rating"]``; anything but 1 to 5 is no rating."""
    value = item.raw.get("rating") if item.kind == MessageKind.REVIEW else None
    if isinstance(value, bool) or not isinstance(value, int | str):
        return None
    try:
        stars = int(value)
    except ValueError:
        return None
    return stars if 1 <= stars <= 5 else None


def _raw(payload: dict[str, Any]) -> str:
    if not payload:
        return ""
    return json.dumps(payload, ensure_ascii=False, default=str)
