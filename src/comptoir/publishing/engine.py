"""The publishing engine: every due post is published exactly once, or reported failed.

The rules (see docs/publishing.md):

1. ``dispatch_due`` moves due targets from *scheduled* to *queued* inside one
   transaction (``SELECT ... FOR UPDATE SKIP LOCKED`` on PostgreSQL; SQLite takes the
   write lock when the transaction starts) and enqueues one task per target.
2. ``publish_target`` claims the target (*queued* -> *publishing*, conditional UPDATE,
   with a lease) — a duplicate task finds nothing to claim and stops.
3. The remote id and URL are stored the moment the network returns them.
4. Errors: safe ones go back to *scheduled* with backoff; an unknown outcome (timeout
   after sending, worker killed mid-call) is reconciled by looking the post up on the
   network (``find_published``) — found: published; not found: retried with the same
   idempotency key; unreconcilable: *needs_check*, for a person. Others: *failed*.
5. ``sweep`` re-enqueues queued targets whose task was lost and reconciles targets whose
   worker died (lease expired).
"""

from __future__ import annotations

import logging
import os
import random
import socket
from datetime import datetime, timedelta

from django.db import connection, transaction
from django.db.models import F
from django.utils import timezone

from comptoir.networks.actions import keep_refreshed_credentials
from comptoir.networks.base import OutgoingPost, PublishedPost
from comptoir.networks.errors import ErrorKind, NetworkError
from comptoir.networks.registry import get_network
from comptoir.publishing.models import PostTarget, PublishAttempt, TargetStatus

logger = logging.getLogger(__name__)

LEASE = timedelta(seconds=60)
QUEUE_PATIENCE = timedelta(seconds=30)
MAX_ATTEMPTS = 6
Outcome = PublishAttempt.Outcome


def worker_name() -> str:
    """Who holds a lease, as shown in the attempt log: host and process."""
    return f"{socket.gethostname()[:40]}-{os.getpid()}"


def dispatch_due(now: datetime | None = None, limit: int = 500) -> list[int]:
    """Queue every due target (up to ``limit``) and enqueue its task; returns their ids."""
    from comptoir.publishing.tasks import publish_target_task

    now = now or timezone.now()
    with transaction.atomic():
        due = PostTarget.objects.filter(status=TargetStatus.SCHEDULED, due_at__lte=now)
        if connection.features.has_select_for_update_skip_locked:
            due = due.select_for_update(skip_locked=True)
        ids = list(due.order_by("due_at").values_list("pk", flat=True)[:limit])
        if not ids:
            return []
        PostTarget.objects.filter(pk__in=ids, status=TargetStatus.SCHEDULED).update(
            status=TargetStatus.QUEUED, queued_at=now
        )
        transaction.on_commit(lambda: [publish_target_task.enqueue(pk) for pk in ids])
    return ids


def claim(target_id: int, worker_id: str) -> PostTarget | None:
    """Take a queued target for this worker; None if another worker has it or it is done."""
    now = timezone.now()
    won = PostTarget.objects.filter(pk=target_id, status=TargetStatus.QUEUED).update(
        status=TargetStatus.PUBLISHING,
        claimed_by=worker_id,
        lease_until=now + LEASE,
        attempts=F("attempts") + 1,
    )
    if not won:
        return None
    return PostTarget.objects.select_related("account", "post").get(pk=target_id)


def connector_for(target: PostTarget) -> object:
    spec = get_network(target.account.network)
    return spec.connector_class(target.account)


def outgoing(target: PostTarget) -> OutgoingPost:
    return OutgoingPost(text=target.text, idempotency_key=target.idempotency_key)


def publish_target(target_id: int, worker_id: str) -> str:
    """Publish one target if this worker can claim it; returns the resulting status."""
    target = claim(target_id, worker_id)
    if target is None:
        return "not-claimed"
    attempt = PublishAttempt.objects.create(
        target=target, worker_id=worker_id, started_at=timezone.now()
    )
    connector = connector_for(target)
    try:
        published = connector.publish(outgoing(target))  # type: ignore[attr-defined]
    except NetworkError as error:
        target.account.record_error(error)
        return handle_error(target, attempt, error)
    except Exception as error:  # a connector bug: the outcome is unknown, never retry blindly
        logger.exception("Connector crashed publishing target %s", target.pk)
        unknown = NetworkError(ErrorKind.UNKNOWN, repr(error), outcome_unknown=True)
        return handle_error(target, attempt, unknown)
    finally:
        keep_refreshed_credentials(target.account, connector)
    mark_published(target, attempt, published, Outcome.PUBLISHED)
    target.account.record_success()
    return TargetStatus.PUBLISHED


def mark_published(
    target: PostTarget, attempt: PublishAttempt, published: PublishedPost, outcome: str
) -> None:
    now = timezone.now()
    with transaction.atomic():
        PostTarget.objects.filter(pk=target.pk).update(
            status=TargetStatus.PUBLISHED,
            remote_id=published.remote_id,
            remote_url=published.url,
            published_at=published.published_at or now,
            lease_until=None,
            error_kind="",
            error_message="",
        )
        finish(attempt, outcome)
        sync_post_status(target.post_id)


def finish(attempt: PublishAttempt, outcome: str, error: NetworkError | None = None) -> None:
    attempt.finished_at = timezone.now()
    attempt.outcome = outcome
    if error is not None:
        attempt.error_kind = error.kind.value
        attempt.detail = error.detail[:2000]
    attempt.save(update_fields=["finished_at", "outcome", "error_kind", "detail"])


def handle_error(target: PostTarget, attempt: PublishAttempt, error: NetworkError) -> str:
    if error.outcome_unknown:
        finish(attempt, Outcome.UNKNOWN, error)
        return reconcile(target, since=attempt.started_at)
    if error.safe_to_retry and target.attempts < MAX_ATTEMPTS:
        finish(attempt, Outcome.RETRY, error)
        retry_later(target, error)
        return TargetStatus.SCHEDULED
    finish(attempt, Outcome.FAILED, error)
    fail(target, TargetStatus.FAILED, error)
    return TargetStatus.FAILED


def retry_later(target: PostTarget, error: NetworkError | None) -> None:
    delay = error.retry_after if error and error.retry_after is not None else None
    if delay is None:
        delay = random.uniform(0.5, 1.0) * 2 ** min(target.attempts - 1, 6)  # noqa: S311
    PostTarget.objects.filter(pk=target.pk, status=TargetStatus.PUBLISHING).update(
        status=TargetStatus.SCHEDULED,
        due_at=timezone.now() + timedelta(seconds=delay),
        lease_until=None,
        claimed_by="",
        error_kind=error.kind.value if error else "",
    )


def fail(target: PostTarget, status: str, error: NetworkError) -> None:
    with transaction.atomic():
        PostTarget.objects.filter(pk=target.pk).update(
            status=status,
            lease_until=None,
            error_kind=error.kind.value,
            error_message=error.detail[:2000],
        )
        sync_post_status(target.post_id)


def reconcile(target: PostTarget, since: datetime) -> str:
    """Find out whether an attempt with an unknown outcome reached the network."""
    attempt = PublishAttempt.objects.create(
        target=target, worker_id=target.claimed_by or "sweep", started_at=timezone.now()
    )
    try:
        found = connector_for(target).find_published(  # type: ignore[attr-defined]
            outgoing(target), since - timedelta(minutes=1)
        )
    except NetworkError as error:
        if error.safe_to_retry:
            # Cannot look now: keep the lease expiring, the sweep will look again.
            finish(attempt, Outcome.UNKNOWN, error)
            return TargetStatus.PUBLISHING
        finish(attempt, Outcome.FAILED, error)
        fail(target, TargetStatus.NEEDS_CHECK, NetworkError(ErrorKind.UNKNOWN, error.detail))
        return TargetStatus.NEEDS_CHECK
    if found is not None:
        mark_published(target, attempt, found, Outcome.RECONCILED)
        return TargetStatus.PUBLISHED
    # Not on the network: the attempt did not land, so trying again cannot double-post.
    finish(attempt, Outcome.RETRY)
    if target.attempts >= MAX_ATTEMPTS:
        fail(target, TargetStatus.FAILED, NetworkError(ErrorKind.UNKNOWN, "gave up"))
        return TargetStatus.FAILED
    retry_later(target, None)
    return TargetStatus.SCHEDULED


def sweep(now: datetime | None = None) -> dict[str, int]:
    """Recover what dead workers and lost tasks left behind."""
    from comptoir.publishing.tasks import publish_target_task

    now = now or timezone.now()
    stale_queue = list(
        PostTarget.objects.filter(
            status=TargetStatus.QUEUED, queued_at__lt=now - QUEUE_PATIENCE
        ).values_list("pk", flat=True)[:500]
    )
    if stale_queue:
        # A duplicate task is harmless: only one can claim the target.
        PostTarget.objects.filter(pk__in=stale_queue).update(queued_at=now)
        for pk in stale_queue:
            publish_target_task.enqueue(pk)
    orphans = list(
        PostTarget.objects.filter(
            status=TargetStatus.PUBLISHING, lease_until__lt=now
        ).select_related("account", "post")[:200]
    )
    for target in orphans:
        # Take the orphan over with a fresh lease so two sweeps never reconcile it together.
        taken = PostTarget.objects.filter(
            pk=target.pk, status=TargetStatus.PUBLISHING, lease_until=target.lease_until
        ).update(lease_until=now + LEASE, claimed_by="sweep")
        if taken:
            last = target.log.order_by("-started_at").first()
            reconcile(target, since=last.started_at if last else target.due_at)
    return {"requeued": len(stale_queue), "reconciled": len(orphans)}


def sync_post_status(post_id: int) -> None:
    """A post is published when all its targets are, failed as soon as one needs a person."""
    from comptoir.publishing.models import Post, PostStatus

    statuses = set(PostTarget.objects.filter(post_id=post_id).values_list("status", flat=True))
    if statuses == {TargetStatus.PUBLISHED}:
        Post.objects.filter(pk=post_id).update(
            status=PostStatus.PUBLISHED, published_at=timezone.now()
        )
    elif statuses & {TargetStatus.FAILED, TargetStatus.NEEDS_CHECK}:
        Post.objects.filter(pk=post_id).update(status=PostStatus.FAILED)
