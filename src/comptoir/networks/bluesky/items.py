"""Bluesky notifications and posts as Comptoir's IncomingItem.

Everything here works on plain JSON (the lexicon's own field names), so recorded
payloads replay in tests exactly as the network sent them.

Kinds: Bluesky's notification reasons ``mention``, ``reply``, ``quote``, ``like``,
``repost`` and ``follow`` keep their names. A mention, reply or quote is the post itself
(its at:// URI is the item id); a like, repost or follow is the record that made it (the
like's own URI), pointing with ``in_reply_to`` at the post it is about.
"""

from __future__ import annotations

import json
from datetime import datetime
from typing import Any

from atproto_client.models.utils import get_model_as_json

from comptoir.networks.base import Author, IncomingItem
from comptoir.networks.bluesky.paging import moment

APP_URL = "https://bsky.app"
POST_KINDS = {"mention", "reply", "quote"}
EVENT_KINDS = {"like", "repost", "follow"}


def as_json(model: Any) -> Any:
    """An SDK model as plain JSON (lexicon names, ``$type`` included)."""
    if isinstance(model, dict | list | str | int | float | bool) or model is None:
        return model
    return json.loads(get_model_as_json(model))


def split_uri(uri: str) -> tuple[str, str, str]:
    """(DID or handle, collection, record key) of an ``at://`` URI."""
    rest = uri.removeprefix("at://")
    parts = rest.split("/")
    if not uri.startswith("at://") or len(parts) != 3 or not all(parts):
        raise ValueError(f"not a record URI: {uri!r}")
    return parts[0], parts[1], parts[2]


def post_url(actor: str, uri: str) -> str:
    """The post's page on bsky.app (``actor`` is the author's handle or DID)."""
    try:
        did, _collection, rkey = split_uri(uri)
    except ValueError:
        return ""
    return f"{APP_URL}/profile/{actor or did}/post/{rkey}"


def profile_url(actor: str) -> str:
    return f"{APP_URL}/profile/{actor}"


def author_of(profile: dict[str, Any]) -> Author:
    did = str(profile.get("did") or "")
    handle = str(profile.get("handle") or "")
    usable = handle if handle and handle != "handle.invalid" else did
    return Author(
        remote_id=did,
        handle=f"@{usable}",
        display_name=str(profile.get("displayName") or ""),
        url=profile_url(usable),
    )


def reply_refs(record: dict[str, Any]) -> tuple[str | None, str | None]:
    """(parent URI, root URI) of a post record that answers another one."""
    reply = record.get("reply")
    if not isinstance(reply, dict):
        return None, None
    parent = (reply.get("parent") or {}).get("uri")
    root = (reply.get("root") or {}).get("uri")
    return (str(parent) if parent else None), (str(root) if root else None)


def created_at(record: dict[str, Any], fallback: Any) -> datetime:
    """When the author wrote it; the indexing time when the record says nothing usable."""
    value = record.get("createdAt")
    return moment(value) if value else moment(fallback)


def handle_of(profile: dict[str, Any]) -> str:
    handle = str(profile.get("handle") or "")
    return handle if handle and handle != "handle.invalid" else str(profile.get("did") or "")


def notification_item(notification: dict[str, Any]) -> IncomingItem | None:
    """The item a notification brings, or None for what the inbox does not show
    (starter packs, verifications, likes of reposts...)."""
    kind = str(notification.get("reason") or "")
    if kind not in POST_KINDS | EVENT_KINDS:
        return None
    profile = notification.get("author") or {}
    record = notification.get("record") or {}
    uri = str(notification["uri"])
    indexed = notification.get("indexedAt")
    if kind in POST_KINDS:
        parent, root = reply_refs(record)
        return IncomingItem(
            remote_id=uri,
            kind=kind,
            author=author_of(profile),
            text=str(record.get("text") or ""),
            created_at=created_at(record, indexed),
            url=post_url(handle_of(profile), uri),
            in_reply_to=parent,
            thread_id=root or uri,
            raw=notification,
        )
    subject = notification.get("reasonSubject")
    subject = str(subject) if subject else None
    if kind == "follow":
        url = profile_url(handle_of(profile))
    else:
        url = post_url("", subject) if subject else ""
    return IncomingItem(
        remote_id=uri,
        kind=kind,
        author=author_of(profile),
        text="",
        created_at=created_at(record, indexed),
        url=url,
        in_reply_to=subject,
        thread_id=subject,
        raw=notification,
    )


def post_item(post: dict[str, Any], kind: str) -> IncomingItem:
    """A post view (search results, threads) as an item."""
    profile = post.get("author") or {}
    record = post.get("record") or {}
    uri = str(post["uri"])
    parent, root = reply_refs(record)
    return IncomingItem(
        remote_id=uri,
        kind=kind,
        author=author_of(profile),
        text=str(record.get("text") or ""),
        created_at=created_at(record, post.get("indexedAt")),
        url=post_url(handle_of(profile), uri),
        in_reply_to=parent,
        thread_id=root or uri,
        raw=post,
    )
