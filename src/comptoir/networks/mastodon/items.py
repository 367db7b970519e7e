"""Statuses and notifications as Comptoir's IncomingItem.

Kinds: a mention of the account is ``mention``, or ``reply`` when it answers one of the
account's statuses (``in_reply_to_account_id``); favourites, boosts, follows and quotes
are ``like``, ``repost``, ``follow`` and ``quote``. A direct mention is left to the
conversations (``fetch_messages``) so one message never reaches the inbox twice.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime
from typing import Any
from urllib.parse import urlsplit

from comptoir.networks.base import Author, IncomingItem, PublishedPost
from comptoir.networks.mastodon.text import html_to_text, json_safe

EVENT_KINDS = {"favourite": "like", "reblog": "repost", "follow": "follow"}
STATUS_KINDS = {"mention", "quote"}


def moment(value: Any) -> datetime:
    """A datetime from the SDK (already parsed) or from a raw ISO string."""
    if isinstance(value, datetime):
        return value if value.tzinfo else value.replace(tzinfo=UTC)
    if isinstance(value, str) and value:
        return datetime.fromisoformat(value.replace("Z", "+00:00"))
    return datetime.now(UTC)


def full_acct(account: Any) -> str:
    """``name@domain`` even for an account of the same instance (whose acct is ``name``)."""
    acct = str(account.get("acct") or account.get("username") or "")
    if "@" in acct:
        return acct
    host = urlsplit(str(account.get("url") or "")).hostname
    return f"{acct}@{host}" if host else acct


def author_of(account: Any) -> Author:
    return Author(
        remote_id=str(account["id"]),
        handle=f"@{full_acct(account)}",
        display_name=str(account.get("display_name") or account.get("username") or ""),
        url=str(account.get("url") or ""),
    )


def status_text(status: Any) -> str:
    """The status as a reader sees it: its content warning first, then its text."""
    text = html_to_text(str(status.get("content") or ""))
    warning = str(status.get("spoiler_text") or "").strip()
    return f"{warning}\n\n{text}" if warning else text


def optional_id(value: Any) -> str | None:
    return str(value) if value is not None else None


def status_item(status: Any, kind: str, *, thread_id: str | None = None) -> IncomingItem:
    return IncomingItem(
        remote_id=str(status["id"]),
        kind=kind,
        author=author_of(status["account"]),
        text=status_text(status),
        created_at=moment(status.get("created_at")),
        url=str(status.get("url") or status.get("uri") or ""),
        in_reply_to=optional_id(status.get("in_reply_to_id")),
        thread_id=thread_id,
        raw=json_safe(status),
    )


def notification_item(notification: Any, own_id: str) -> IncomingItem | None:
    """The item a notification brings, or None for what the inbox does not show."""
    kind = str(notification.get("type") or "")
    status = notification.get("status")
    if kind in STATUS_KINDS and status:
        if status.get("visibility") == "direct":
            return None
        if kind == "mention" and str(status.get("in_reply_to_account_id")) == own_id:
            kind = "reply"
        return replace(status_item(status, kind), raw=json_safe(notification))
    if kind in EVENT_KINDS:
        return IncomingItem(
            remote_id=f"notification:{notification['id']}",
            kind=EVENT_KINDS[kind],
            author=author_of(notification["account"]),
            text=status_text(status) if status else "",
            created_at=moment(notification.get("created_at")),
            url=str(status.get("url") or "") if status else "",
            in_reply_to=str(status["id"]) if status else None,
            raw=json_safe(notification),
        )
    return None


def published(status: Any) -> PublishedPost:
    return PublishedPost(
        remote_id=str(status["id"]),
        url=str(status.get("url") or status.get("uri") or ""),
        published_at=moment(status.get("created_at")) if status.get("created_at") else None,
    )
