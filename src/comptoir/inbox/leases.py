"""Leases on live streams: one worker at a time holds each account's stream.

Every operation is one conditional UPDATE, which the database lets through for one
claimer only, on SQLite as on PostgreSQL: no lock is held between two statements, so a
worker that dies in the middle leaves nothing locked, only a lease that expires.

Expiry times come from each worker's clock: machines running workers must keep their
clocks in step (NTP), as they already must for the schedule. The lease lasts several
renewal periods, so a few seconds of drift do no harm.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import timedelta

from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone

from comptoir.inbox.models import StreamLease


def taken(holder: str) -> set[int]:
    """Accounts whose stream another worker holds right now."""
    leases = StreamLease.objects.filter(expires_at__gt=timezone.now()).exclude(holder="")
    return set(leases.exclude(holder=holder).values_list("account_id", flat=True))


def claim(account_id: int, holder: str, seconds: float) -> bool:
    """Take the account's stream if nobody holds it, or its holder stopped renewing."""
    now = timezone.now()
    if not StreamLease.objects.filter(account_id=account_id).exists():
        try:
            with transaction.atomic():
                StreamLease.objects.create(account_id=account_id, expires_at=now)
        except IntegrityError:
            pass  # another worker created it at the same moment: the UPDATE decides
    free = Q(holder="") | Q(expires_at__lte=now) | Q(holder=holder)
    won = StreamLease.objects.filter(free, account_id=account_id).update(
        holder=holder[:64],
        expires_at=now + timedelta(seconds=seconds),
        opened_at=None,
        caught_up_at=None,
    )
    return won == 1


def renew(holder: str, account_ids: Iterable[int], seconds: float) -> set[int]:
    """Extend this worker's leases; returns the accounts it still holds.

    A lease that expired and was claimed by another worker is no longer this worker's:
    it is left out, and its stream must stop.
    """
    ids = list(account_ids)
    if not ids:
        return set()
    mine = StreamLease.objects.filter(holder=holder, account_id__in=ids)
    mine.update(expires_at=timezone.now() + timedelta(seconds=seconds))
    return set(mine.values_list("account_id", flat=True))


def release(holder: str, account_ids: Iterable[int]) -> int:
    """Give leases back at once, so another worker need not wait for them to expire."""
    ids = list(account_ids)
    if not ids:
        return 0
    return StreamLease.objects.filter(holder=holder, account_id__in=ids).update(
        holder="", expires_at=timezone.now(), opened_at=None
    )


def mark(holder: str, account_id: int, *, opened: bool = False, caught_up: bool = False) -> None:
    """Record, while still holding it, that the stream opened or caught up by polling."""
    now = timezone.now()
    changes = {"opened_at": now} if opened else {}
    if caught_up:
        changes["caught_up_at"] = now
    StreamLease.objects.filter(holder=holder, account_id=account_id).update(**changes)
