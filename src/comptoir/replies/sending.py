"""Sending a reply through its account's connector: at most once, or clearly not at all.

1. ``send`` claims the reply (*queued* -> *sending*, a conditional UPDATE with a lease):
   a duplicate task finds nothing to claim and stops.
2. The connector answers the customer's message the way its network allows: a reply
   under their comment, a direct message in their thread, an answer to their review. The
   reply carries an idempotency key, which the networks that honour one (Mastodon's
   ``Idempotency-Key``, Bluesky's record key) use to recognise a repeat.
3. The remote id and address are stored the moment the network returns them, and the
   conversation now waits for the customer.
4. A failure that certainly sent nothing is tried again a few times by itself (a network
   that asked to slow down, or could not be reached), then shown with "try again". An
   unknown outcome (a timeout after sending, a worker that died) is reconciled: looked up
   on the network, or sent again with the same key where the network makes that safe;
   otherwise it is shown for a person to check, never sent again blindly.
"""

from __future__ import annotations

import logging
from datetime import datetime, timedelta
from typing import Any

from django.db import transaction
from django.db.models import F
from django.utils import timezone

from comptoir.inbox.conversations import refresh
from comptoir.inbox.models import Conversation, ConversationStatus, Delivery, Message
from comptoir.networks.actions import keep_refreshed_credentials
from comptoir.networks.base import OutgoingPost, PublishedPost
from comptoir.networks.errors import ErrorKind, NetworkError, retry_delay
from comptoir.networks.registry import get_network
from comptoir.publishing.engine import worker_name
from comptoir.replies.actions import capability_for
from comptoir.replies.models import Reply, ReplyState

logger = logging.getLogger(__name__)

LEASE = timedelta(seconds=60)
QUEUE_PATIENCE = timedelta(seconds=30)
# Attempts before a safe failure waits for a person's "try again".
MAX_ATTEMPTS = 3
# Refusals that certainly sent nothing and that a person can fix before trying again: an
# expired connection is reconnected, then the same reply goes out.
FIXABLE = frozenset({ErrorKind.AUTH_EXPIRED})

__all__ = ["send", "sweep", "worker_name"]


def claim(reply_id: int, worker_id: str) -> Reply | None:
    now = timezone.now()
    won = Reply.objects.filter(pk=reply_id, state=ReplyState.QUEUED, due_at__lte=now).update(
        state=ReplyState.SENDING,
        claimed_by=worker_id[:80],
        lease_until=now + LEASE,
        started_at=now,
        attempts=F("attempts") + 1,
    )
    if not won:
        return None
    return Reply.objects.select_related(
        "message__answers", "message__account", "message__conversation"
    ).get(pk=reply_id)


def connector_for(reply: Reply) -> Any:
    account = reply.message.account
    if account is None:
        raise NetworkError(ErrorKind.AUTH_EXPIRED, "the account was removed")
    return get_network(account.network).connector_class(account)


def deliver(reply: Reply, connector: Any) -> PublishedPost:
    """One call to the network, the way it answers this kind of message."""
    message = reply.message
    answered = message.answers
    if answered is None:
        raise NetworkError(ErrorKind.VALIDATION, "the answered message was deleted")
    capability = capability_for(answered)
    key = reply.idempotency_key
    if capability == "messaging":
        thread = answered.thread_id or answered.remote_id
        sent: PublishedPost = connector.send_message(thread, message.text, idempotency_key=key)
        return sent
    if capability == "reviews":
        # A review's answer is part of the review, with no id of its own: it shows where
        # the review does, and is stored without a remote id.
        connector.reply_to_review(answered.remote_id, message.text)
        return PublishedPost(remote_id="", url=answered.url)
    post = OutgoingPost(text=message.text, in_reply_to=answered.remote_id, idempotency_key=key)
    replied: PublishedPost = connector.reply(answered.remote_id, post)
    return replied


def send(reply_id: int, worker_id: str) -> str:
    """Send one reply if this worker can claim it; returns the resulting state."""
    reply = claim(reply_id, worker_id)
    if reply is None:
        return "not-claimed"
    account = reply.message.account
    connector: Any = None
    try:
        connector = connector_for(reply)
        published = deliver(reply, connector)
    except NetworkError as error:
        if account is not None:
            account.record_error(error)
        return handle_error(reply, error)
    except Exception as error:  # a connector bug: the outcome is unknown, never retry blindly
        logger.exception("Connector crashed sending reply %s", reply.pk)
        return handle_error(
            reply, NetworkError(ErrorKind.UNKNOWN, repr(error), outcome_unknown=True)
        )
    finally:
        if account is not None and connector is not None:
            keep_refreshed_credentials(account, connector)
    mark_sent(reply, published)
    if account is not None:
        account.record_success()
    return ReplyState.SENT


def mark_sent(reply: Reply, published: PublishedPost) -> None:
    """Store where the reply is on the network, and let the conversation wait for the customer."""
    now = timezone.now()
    message = reply.message
    with transaction.atomic():
        Reply.objects.filter(pk=reply.pk).update(
            state=ReplyState.SENT, lease_until=None, error_kind="", retryable=False
        )
        Message.objects.filter(pk=message.pk).update(
            delivery=Delivery.SENT,
            delivery_error="",
            remote_id=published.remote_id[:255],
            url=published.url[:2000],
            received_at=now,
        )
        if message.answers_id is not None:
            Message.objects.filter(pk=message.answers_id, replied_at__isnull=True).update(
                replied_at=now
            )
        conversation = Conversation.objects.get(pk=message.conversation_id)
        Conversation.objects.filter(pk=conversation.pk, first_response_at__isnull=True).update(
            first_response_at=now
        )
        Conversation.objects.filter(pk=conversation.pk).update(
            status=ConversationStatus.WAITING, resolved_at=None
        )
        conversation.refresh_from_db()
        refresh([conversation])


def handle_error(reply: Reply, error: NetworkError) -> str:
    if error.outcome_unknown:
        return reconcile(reply, error)
    if error.safe_to_retry and reply.attempts < MAX_ATTEMPTS:
        retry_later(reply, error)
        return ReplyState.QUEUED
    fail(reply, error, retryable=error.kind.safe_to_retry or error.kind in FIXABLE)
    return ReplyState.FAILED


def retry_later(reply: Reply, error: NetworkError | None) -> None:
    delay = retry_delay(error, reply.attempts)
    with transaction.atomic():
        moved = Reply.objects.filter(pk=reply.pk, state=ReplyState.SENDING).update(
            state=ReplyState.QUEUED,
            due_at=timezone.now() + timedelta(seconds=delay),
            queued_at=timezone.now(),
            lease_until=None,
            claimed_by="",
            error_kind=error.kind.value if error else "",
        )
        if moved and error is not None:
            # The person sees why it has not left yet; the sweep sends it when it is due.
            Message.objects.filter(pk=reply.message_id).update(delivery_error=error.user_message)


def fail(reply: Reply, error: NetworkError, *, retryable: bool, unknown: bool = False) -> None:
    with transaction.atomic():
        Reply.objects.filter(pk=reply.pk).update(
            state=ReplyState.UNKNOWN if unknown else ReplyState.FAILED,
            lease_until=None,
            error_kind=error.kind.value,
            retryable=retryable and not unknown,
        )
        Message.objects.filter(pk=reply.message_id).update(
            delivery=Delivery.FAILED, delivery_error=error.user_message
        )
    logger.warning("Reply %s not sent: %s", reply.pk, error)


def reconcile(reply: Reply, error: NetworkError) -> str:
    """Find out whether an attempt with an unknown outcome reached the network."""
    since: datetime = (reply.started_at or reply.created_at) - timedelta(minutes=1)
    answered = reply.message.answers
    spec = get_network(reply.message.network)
    try:
        connector = connector_for(reply)
        found = None
        if answered is not None and capability_for(answered) == "engagement":
            finder = getattr(connector, "find_published", None)
            if callable(finder):
                found = finder(
                    OutgoingPost(
                        text=reply.message.text,
                        in_reply_to=answered.remote_id,
                        idempotency_key=reply.idempotency_key,
                    ),
                    since,
                )
    except NetworkError as lookup_error:
        if lookup_error.safe_to_retry:
            # Cannot look now: the lease runs out and the sweep looks again.
            return ReplyState.SENDING
        fail(reply, error, retryable=False, unknown=True)
        return ReplyState.UNKNOWN
    if found is not None:
        mark_sent(reply, found)
        return ReplyState.SENT
    replaces = answered is not None and capability_for(answered) == "reviews"
    if (spec.idempotent_publish or replaces) and reply.attempts < MAX_ATTEMPTS:
        # The network recognises the key, or (a review's answer) sets the one answer
        # rather than adding one: sending again cannot show the reply twice. Later, not
        # at once: the first request may still be running there.
        retry_later(reply, None)
        return ReplyState.QUEUED
    fail(reply, error, retryable=False, unknown=True)
    return ReplyState.UNKNOWN


def sweep(now: datetime | None = None) -> dict[str, int]:
    """Send what is due and was not picked up; reconcile what a dead worker left."""
    from comptoir.replies.tasks import send_reply_task

    now = now or timezone.now()
    due = list(
        Reply.objects.filter(state=ReplyState.QUEUED, due_at__lte=now)
        .exclude(queued_at__gt=now - QUEUE_PATIENCE, attempts=0)
        .values_list("pk", flat=True)[:500]
    )
    if due:
        # A duplicate task is harmless: only one can claim the reply.
        Reply.objects.filter(pk__in=due).update(queued_at=now)
        for pk in due:
            send_reply_task.enqueue(pk)
    orphans = list(
        Reply.objects.filter(state=ReplyState.SENDING, lease_until__lt=now).select_related(
            "message__answers", "message__account"
        )[:200]
    )
    for reply in orphans:
        taken = Reply.objects.filter(
            pk=reply.pk, state=ReplyState.SENDING, lease_until=reply.lease_until
        ).update(lease_until=now + LEASE, claimed_by="sweep")
        if taken:
            reconcile(
                reply, NetworkError(ErrorKind.UNKNOWN, "worker stopped", outcome_unknown=True)
            )
    return {"requeued": len(due), "reconciled": len(orphans)}
