"""The publishing engine: every due post is published exactly once, or reported failed.

The rules (see docs/publishing.md):

1. Each worker's publishing loop calls ``publish_due``, which claims a batch of due
   targets (*scheduled* -> *publishing*, conditional UPDATE with a lease, inside one
   transaction: ``SELECT ... FOR UPDATE SKIP LOCKED`` on PostgreSQL, SQLite takes the
   write lock when the transaction starts) — a target is only ever won by one claim.
2. The claimed posts go to their networks side by side.
3. The remote id and URL are stored the moment the network returns them.
4. Errors: safe ones go back to *scheduled* with backoff; an unknown outcome (timeout
   after sending, worker killed mid-call) is reconciled by looking the post up on the
   network (``find_published``) — found: published; not found: retried with the same
   idempotency key; unreconcilable: *needs_check*, for a person. Others: *failed*.
5. ``sweep`` reconciles targets whose
   worker died (lease expired, or the holding process is gone from this machine).
"""

from __future__ import annotations

import logging
import os
import socket
import time
import uuid
from concurrent.futures import ALL_COMPLETED, FIRST_COMPLETED, Future, ThreadPoolExecutor, wait
from datetime import datetime, timedelta

from django.db import connection, transaction
from django.db.models import F, Q
from django.utils import timezone

from comptoir.networks.actions import keep_refreshed_credentials
from comptoir.networks.base import OutgoingPost, PublishedPost
from comptoir.networks.errors import ErrorKind, NetworkError, retry_delay
from comptoir.networks.models import ConnectedAccount
from comptoir.networks.registry import get_network
from comptoir.publishing.models import PostTarget, PublishAttempt, TargetStatus

logger = logging.getLogger(__name__)

LEASE = timedelta(seconds=60)
QUEUE_PATIENCE = timedelta(seconds=30)
MAX_ATTEMPTS = 6
# Posts a worker claims at once and publishes side by side: enough to keep up with a busy
# minute, few enough that the posts due in one second spread over all the workers.
BATCH_SIZE = 16
Outcome = PublishAttempt.Outcome


def worker_name() -> str:
    """Who holds a lease, as shown in the attempt log: host and process."""
    return f"{socket.gethostname()[:40]}-{os.getpid()}"


def publish_due(worker_id: str, now: datetime | None = None, limit: int = BATCH_SIZE) -> int:
    """Claim up to ``limit`` due targets for this worker and publish them; returns how many.

    Any number of workers, on any number of machines, share the due posts without ever
    taking the same one. Workers keep a :class:`Publisher` busy instead (see loop.py).
    """
    claimed = claim_due(worker_id, now, limit)
    publish_claimed(claimed)
    return len(claimed)


def claim_due(
    worker_id: str, now: datetime | None = None, limit: int = BATCH_SIZE
) -> list[tuple[PostTarget, PublishAttempt]]:
    """Take the targets due first (``SELECT ... FOR UPDATE SKIP LOCKED`` on PostgreSQL;
    SQLite takes the write lock when the transaction starts)."""
    with transaction.atomic():
        ids = due_target_ids(now, limit, lock=True)
        return claim(ids, worker_id) if ids else []


def due_target_ids(
    now: datetime | None = None, limit: int = 500, *, lock: bool = False
) -> list[int]:
    """The scheduled targets due at ``now``, earliest first."""
    due = PostTarget.objects.filter(
        status=TargetStatus.SCHEDULED, due_at__lte=now or timezone.now()
    )
    if lock and connection.features.has_select_for_update_skip_locked:
        due = due.select_for_update(skip_locked=True)
    return list(due.order_by("due_at").values_list("pk", flat=True)[:limit])


def publish_batch(target_ids: list[int], worker_id: str) -> dict[int, str]:
    """Publish these targets now, those this worker can claim; returns their statuses."""
    return publish_claimed(claim(target_ids, worker_id))


def claim(target_ids: list[int], worker_id: str) -> list[tuple[PostTarget, PublishAttempt]]:
    """Take the scheduled targets among these for this worker, each with its attempt logged.

    Targets another worker holds, or that are done, are left out. The lease holder is
    written as ``<worker>:<token>``, unique to this claim, so the targets won are exactly
    those carrying the token, and :func:`sweep` can tell which process holds a lease.
    """
    token = f"{worker_id[:50]}:{uuid.uuid4().hex[:8]}"
    now = timezone.now()
    with transaction.atomic():
        won = PostTarget.objects.filter(pk__in=target_ids, status=TargetStatus.SCHEDULED).update(
            status=TargetStatus.PUBLISHING,
            claimed_by=token,
            lease_until=now + LEASE,
            attempts=F("attempts") + 1,
        )
        if not won:
            return []
        targets = list(
            PostTarget.objects.filter(claimed_by=token, status=TargetStatus.PUBLISHING)
            .select_related("account", "post")
            .order_by("due_at", "pk")
        )
        attempts = PublishAttempt.objects.bulk_create(
            PublishAttempt(target=target, worker_id=worker_id, started_at=now) for target in targets
        )
    return list(zip(targets, attempts, strict=True))


def connector_for(target: PostTarget) -> object:
    spec = get_network(target.account.network)
    return spec.connector_class(target.account)


def outgoing(target: PostTarget) -> OutgoingPost:
    from comptoir.media.compose import outgoing_media

    return OutgoingPost(
        text=target.text,
        idempotency_key=target.idempotency_key,
        media=outgoing_media(target.post_id, target.account.network),
    )


def publish_target(target_id: int, worker_id: str) -> str:
    """Publish one scheduled target now if this worker can claim it; returns its status."""
    return publish_batch([target_id], worker_id).get(target_id, "not-claimed")


def publish_claimed(claimed: list[tuple[PostTarget, PublishAttempt]]) -> dict[int, str]:
    """Publish claimed targets side by side; returns each one's resulting status."""
    with Publisher("", concurrency=max(1, len(claimed))) as publisher:
        for target, attempt in claimed:
            publisher.start(target, attempt)
        return publisher.settle(wait_for_all=True)


class Publisher:
    """Keeps up to ``concurrency`` posts on their way to the networks at once.

    Network calls run in a pool of threads; everything that touches the database
    (claiming, building the request, recording the outcome) stays in the caller's thread,
    and each outcome is stored the moment its answer comes back. A slow network holds
    one slot, not the whole batch: the freed slots are claimed again at once.
    """

    def __init__(self, worker_id: str, concurrency: int = BATCH_SIZE) -> None:
        self.worker_id = worker_id
        self.concurrency = concurrency
        self.pool = ThreadPoolExecutor(concurrency, thread_name_prefix="comptoir-publish")
        self.in_flight: dict[Future[PublishedPost], tuple[PostTarget, PublishAttempt, object]] = {}
        self.success_noted: dict[int, float] = {}

    def __enter__(self) -> Publisher:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def fill(self, now: datetime | None = None) -> int:
        """Claim due targets for the free slots and send them; returns how many."""
        free = self.concurrency - len(self.in_flight)
        if free <= 0 or not due_target_ids(now, limit=1):
            return 0
        claimed = claim_due(self.worker_id, now, free)
        for target, attempt in claimed:
            self.start(target, attempt)
        return len(claimed)

    def start(self, target: PostTarget, attempt: PublishAttempt) -> None:
        connector = connector_for(target)
        call: Future[PublishedPost] = Future()
        try:
            post = outgoing(target)
        except Exception as error:  # nothing left for the network: a person must look
            logger.error("Could not prepare target %s", target.pk, exc_info=error)
            call.set_exception(NetworkError(ErrorKind.UNKNOWN, repr(error)))
        else:
            publish = connector.publish  # type: ignore[attr-defined]
            if get_network(target.account.network).in_database:
                try:
                    call.set_result(publish(post))
                except Exception as error:  # settled like any other answer
                    call.set_exception(error)
            else:
                call = self.pool.submit(publish, post)
        self.in_flight[call] = (target, attempt, connector)

    def settle(self, timeout: float | None = None, *, wait_for_all: bool = False) -> dict[int, str]:
        """Record the answers that came back (waiting at most ``timeout`` for the first)."""
        if not self.in_flight:
            return {}
        done, _pending = wait(
            self.in_flight, timeout, ALL_COMPLETED if wait_for_all else FIRST_COMPLETED
        )
        results: dict[int, str] = {}
        for call in done:
            target, attempt, connector = self.in_flight.pop(call)
            try:
                results[target.pk] = settle(target, attempt, call)
            finally:
                keep_refreshed_credentials(target.account, connector)
            if results[target.pk] == TargetStatus.PUBLISHED:
                self.note_success(target.account)
        return results

    def note_success(self, account: ConnectedAccount) -> None:
        """Mark the account healthy, once a minute at most however busy it is."""
        now = time.monotonic()
        if now - self.success_noted.get(account.pk, -60.0) >= 60:
            account.record_success()
            self.success_noted[account.pk] = now

    def close(self) -> None:
        """Wait for the posts on their way and record their outcomes, then stop."""
        self.settle(wait_for_all=True)
        self.pool.shutdown()


def settle(target: PostTarget, attempt: PublishAttempt, call: Future[PublishedPost]) -> str:
    """Record what the network answered for one target."""
    try:
        published = call.result()
    except NetworkError as error:
        target.account.record_error(error)
        return handle_error(target, attempt, error)
    except Exception as error:  # a connector bug: the outcome is unknown, never retry blindly
        logger.error("Connector crashed publishing target %s", target.pk, exc_info=error)
        unknown = NetworkError(ErrorKind.UNKNOWN, repr(error), outcome_unknown=True)
        return handle_error(target, attempt, unknown)
    mark_published(target, attempt, published, Outcome.PUBLISHED)
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
        return reconcile(target, since=attempt.started_at, error=error)
    if error.safe_to_retry and target.attempts < MAX_ATTEMPTS:
        finish(attempt, Outcome.RETRY, error)
        retry_later(target, error)
        return TargetStatus.SCHEDULED
    finish(attempt, Outcome.FAILED, error)
    fail(target, TargetStatus.FAILED, error)
    return TargetStatus.FAILED


def retry_later(target: PostTarget, error: NetworkError | None) -> None:
    delay = retry_delay(error, target.attempts - 1)
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


def reconcile(target: PostTarget, since: datetime, error: NetworkError | None = None) -> str:
    """Find out whether an attempt with an unknown outcome reached the network.

    ``error`` is what made the outcome unknown, when known: a retry or a final failure
    shows it to people instead of a bare "unknown".
    """
    attempt = PublishAttempt.objects.create(
        target=target, worker_id=target.claimed_by or "sweep", started_at=timezone.now()
    )
    try:
        found = connector_for(target).find_published(  # type: ignore[attr-defined]
            outgoing(target), since - timedelta(minutes=1)
        )
    except NetworkError as lookup_error:
        if lookup_error.safe_to_retry:
            # Cannot look now: keep the lease expiring, the sweep will look again.
            finish(attempt, Outcome.UNKNOWN, lookup_error)
            return TargetStatus.PUBLISHING
        finish(attempt, Outcome.FAILED, lookup_error)
        fail(target, TargetStatus.NEEDS_CHECK, NetworkError(ErrorKind.UNKNOWN, lookup_error.detail))
        return TargetStatus.NEEDS_CHECK
    if found is not None:
        mark_published(target, attempt, found, Outcome.RECONCILED)
        return TargetStatus.PUBLISHED
    # Not on the network: the attempt did not land, so trying again cannot double-post.
    finish(attempt, Outcome.RETRY)
    if target.attempts >= MAX_ATTEMPTS:
        fail(target, TargetStatus.FAILED, error or NetworkError(ErrorKind.UNKNOWN, "gave up"))
        return TargetStatus.FAILED
    retry_later(target, error)
    return TargetStatus.SCHEDULED


def sweep(now: datetime | None = None) -> dict[str, int]:
    """Recover what dead workers and lost tasks left behind."""
    now = now or timezone.now()
    # Left queued by an earlier version that handed posts to the task queue.
    stale = PostTarget.objects.filter(
        status=TargetStatus.QUEUED, queued_at__lt=now - QUEUE_PATIENCE
    )
    # Reading first: a sweep with nothing to do must not take SQLite's write lock.
    stale_queue = stale.update(status=TargetStatus.SCHEDULED) if stale.exists() else 0
    publishing = PostTarget.objects.filter(status=TargetStatus.PUBLISHING)
    orphans = [
        target
        for target in publishing.filter(
            Q(lease_until__lt=now) | Q(claimed_by__startswith=f"{this_host()}-")
        ).select_related("account", "post")[:200]
        if target.lease_until is None
        or target.lease_until < now
        or holder_is_gone(target.claimed_by)
    ]
    for target in orphans:
        # Take the orphan over with a fresh lease so two sweeps never reconcile it together.
        taken = PostTarget.objects.filter(
            pk=target.pk, status=TargetStatus.PUBLISHING, lease_until=target.lease_until
        ).update(lease_until=now + LEASE, claimed_by="sweep")
        if taken:
            last = target.log.order_by("-started_at").first()
            reconcile(target, since=last.started_at if last else target.due_at)
    return {"requeued": stale_queue, "reconciled": len(orphans)}


def this_host() -> str:
    return socket.gethostname()[:40]


def holder_is_gone(claimed_by: str) -> bool:
    """True when a lease is held by a process of this machine that no longer exists.

    A worker killed in the middle of a call leaves its lease behind; waiting for the
    lease to expire would make its posts a minute late. A process that is gone can no
    longer reach the network, so its targets can be reconciled at once. Processes of
    other machines cannot be checked from here: their leases run out.
    """
    holder = claimed_by.split(":", 1)[0]
    host, _, pid = holder.rpartition("-")
    if host != this_host() or not pid.isdigit():
        return False
    try:
        os.kill(int(pid), 0)
    except ProcessLookupError:
        return True
    except PermissionError:  # alive, under another user
        return False
    return False


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
