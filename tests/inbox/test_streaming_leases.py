"""Leases on live streams: one holder per account, taken over once it stops renewing."""

from __future__ import annotations

import threading
from datetime import timedelta

import pytest
from django.db import connections
from django.utils import timezone

from comptoir.inbox import leases
from comptoir.inbox.models import StreamLease


def test_two_workers_claim_the_same_account_and_one_wins(account):
    assert leases.claim(account.pk, "worker-a", 30)
    assert not leases.claim(account.pk, "worker-b", 30)
    assert leases.taken("worker-b") == {account.pk}
    assert leases.taken("worker-a") == set()
    assert StreamLease.objects.get(account=account).holder == "worker-a"


def test_renewing_keeps_the_lease_and_the_other_worker_waits(account):
    leases.claim(account.pk, "worker-a", 30)
    before = StreamLease.objects.get(account=account).expires_at

    assert leases.renew("worker-a", [account.pk], 60) == {account.pk}
    assert StreamLease.objects.get(account=account).expires_at > before
    assert leases.renew("worker-b", [account.pk], 60) == set()
    assert not leases.claim(account.pk, "worker-b", 30)


def test_an_expired_lease_is_taken_over_and_its_old_holder_learns_it(account):
    """A worker killed with SIGKILL stops renewing: once expired, another takes over."""
    leases.claim(account.pk, "worker-a", 30)
    StreamLease.objects.filter(account=account).update(
        expires_at=timezone.now() - timedelta(seconds=1)
    )
    assert leases.taken("worker-b") == set()

    assert leases.claim(account.pk, "worker-b", 30)
    assert leases.renew("worker-a", [account.pk], 30) == set(), "the old holder must stop"
    assert leases.release("worker-a", [account.pk]) == 0, "nor can it give back what it lost"
    assert StreamLease.objects.get(account=account).holder == "worker-b"


def test_a_released_lease_is_free_at_once(account):
    leases.claim(account.pk, "worker-a", 30)
    leases.mark("worker-a", account.pk, opened=True)
    assert StreamLease.objects.get(account=account).opened_at is not None

    assert leases.release("worker-a", [account.pk]) == 1
    lease = StreamLease.objects.get(account=account)
    assert (lease.holder, lease.opened_at) == ("", None)
    assert leases.claim(account.pk, "worker-b", 30)


def test_marks_belong_to_the_holder_only(account):
    leases.claim(account.pk, "worker-a", 30)
    leases.mark("worker-b", account.pk, opened=True, caught_up=True)
    lease = StreamLease.objects.get(account=account)
    assert (lease.opened_at, lease.caught_up_at) == (None, None)

    leases.mark("worker-a", account.pk, caught_up=True)
    assert StreamLease.objects.get(account=account).caught_up_at is not None


@pytest.mark.django_db(transaction=True)
def test_claims_at_the_same_moment_from_many_threads_have_one_winner(account):
    """Each thread has its own database connection, like workers on other machines."""
    start = threading.Barrier(6)
    won: list[str] = []
    failures: list[BaseException] = []

    def claimer(name: str) -> None:
        try:
            start.wait(timeout=10)
            if leases.claim(account.pk, name, 30):
                won.append(name)
        except BaseException as exc:  # reported below
            failures.append(exc)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=claimer, args=(f"worker-{n}",)) for n in range(6)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)

    assert failures == []
    assert len(won) == 1
    assert StreamLease.objects.get(account=account).holder == won[0]
