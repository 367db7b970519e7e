"""Grouping messages into conversations, and keeping each conversation's summary true.

A conversation is one thread with one person: the comments one customer leaves under one
post, one direct-message thread, one review. Its summary fields (last message, waiting
since, labels of the latest received message) are what the inbox lists and filters on,
so every change to its messages goes through :func:`refresh`.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime

from django.db.models import Q

from comptoir.contacts.models import Person
from comptoir.inbox.models import Conversation, ConversationStatus, Direction, Message
from comptoir.networks.models import ConnectedAccount


def thread_key(thread_id: str | None, remote_id: str, handle: str) -> str:
    """The key of the conversation a received item belongs to: its thread and its author.

    Several customers commenting under one post are several conversations: each is
    answered, assigned and closed on its own.
    """
    return f"{thread_id or remote_id}#{handle}"[:255]


def conversations_for(
    account: ConnectedAccount, wanted: dict[str, tuple[Person, datetime]]
) -> dict[str, Conversation]:
    """The conversations for these thread keys, created when missing.

    ``wanted`` maps each key to the person who writes and when the thread started.
    """
    scoped = Conversation.objects.filter(workspace_id=account.workspace_id, account=account)
    found = {c.thread_key: c for c in scoped.filter(thread_key__in=list(wanted))}
    missing = [key for key in wanted if key not in found]
    if missing:
        Conversation.objects.bulk_create(
            [
                Conversation(
                    workspace_id=account.workspace_id,
                    account=account,
                    network=account.network,
                    person=wanted[key][0],
                    thread_key=key,
                    started_at=wanted[key][1],
                    last_message_at=wanted[key][1],
                )
                for key in missing
            ],
            # A concurrent run may have created some: the constraint skips those.
            ignore_conflicts=True,
        )
        found.update({c.thread_key: c for c in scoped.filter(thread_key__in=missing)})
    return found


def refresh(conversations: Iterable[Conversation]) -> None:
    """Bring each conversation's summary in line with its messages.

    A new received message reopens a closed conversation and wakes a snoozed one; the
    labels shown and filtered on are those of the latest received message.
    """
    for conversation in conversations:
        messages = Message.objects.filter(conversation=conversation)
        latest = messages.order_by("-received_at", "-pk").first()
        if latest is None:
            continue
        inbound = messages.filter(direction=Direction.INBOUND).order_by("-received_at", "-pk")
        last_in = inbound.first()
        answered = (
            last_in is None
            or messages.filter(
                Q(direction=Direction.OUTBOUND) & Q(received_at__gte=last_in.received_at)
            ).exists()
        )
        changes: dict[str, object] = {"last_message_at": latest.received_at}
        if last_in is not None:
            changes.update(
                language=last_in.language,
                sentiment=last_in.sentiment,
                intent=last_in.intent,
                rating=last_in.rating,
            )
        if answered:
            changes["waiting_since"] = None
        elif conversation.waiting_since is None and last_in is not None:
            changes["waiting_since"] = last_in.received_at
            if conversation.status in (ConversationStatus.DONE, ConversationStatus.WAITING):
                changes.update(status=ConversationStatus.OPEN, resolved_at=None)
            changes["snoozed_until"] = None
        Conversation.objects.filter(pk=conversation.pk).update(**changes)
        for field, value in changes.items():
            setattr(conversation, field, value)
