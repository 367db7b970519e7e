"""The publishing engine against the recording network (a real local HTTP server)."""

from __future__ import annotations

import subprocess
import sys
from datetime import timedelta

import pytest
from django.utils import timezone, translation

from comptoir.benchmarks.recording import Faults, RecordingServer
from comptoir.networks.models import ConnectedAccount
from comptoir.publishing import engine
from comptoir.publishing.models import Post, PostStatus, PostTarget, PublishAttempt, TargetStatus

pytestmark = pytest.mark.django_db


@pytest.fixture
def network():
    with RecordingServer(
        Faults(fail=0, rate_limit=0, timeout_after_accept=0, client_timeout=0.3), 1
    ) as server:
        yield server


@pytest.fixture
def target(workspace, network):
    account = ConnectedAccount(
        workspace=workspace,
        network="recording",
        remote_id="a",
        handle="bench",
        server_url=network.url,
    )
    account.credentials = {"timeout": 0.3}
    account.save()
    post = Post.objects.create(
        workspace=workspace,
        text="Galette du jour",
        networks=["recording"],
        status=PostStatus.SCHEDULED,
        scheduled_at=timezone.now(),
    )
    return PostTarget.objects.create(
        workspace=workspace,
        post=post,
        account=account,
        text=post.text,
        due_at=timezone.now(),
        idempotency_key="k1",
    )


def run(target):
    assert target.pk in engine.due_target_ids()
    assert engine.publish_due("worker-test") >= 1
    target.refresh_from_db()
    return target.status


def test_due_post_is_published_and_remote_id_kept(target, network):
    assert run(target) == TargetStatus.PUBLISHED
    target.refresh_from_db()
    assert target.remote_id == "r1" and target.remote_url.endswith("/r1")
    assert target.post.status == PostStatus.PUBLISHED
    assert [r.text for r in network.state.posts] == ["Galette du jour"]
    assert list(target.log.values_list("outcome", flat=True)) == ["published"]


def test_a_target_is_claimed_only_once(target):
    assert engine.due_target_ids() == [target.pk]
    assert [t.pk for t, _attempt in engine.claim_due("w1")] == [target.pk]
    assert engine.due_target_ids() == []
    assert engine.claim_due("w2") == []
    assert engine.claim([target.pk], "w2") == []
    assert engine.publish_target(target.pk, "w3") == "not-claimed"


def test_future_posts_wait(target):
    PostTarget.objects.filter(pk=target.pk).update(due_at=timezone.now() + timedelta(hours=1))
    assert engine.due_target_ids() == []


def test_server_error_is_retried_later(target, network):
    network.state.faults.fail = 1.0
    assert run(target) == TargetStatus.SCHEDULED
    target.refresh_from_db()
    assert target.due_at > timezone.now() and target.error_kind == "server"
    # A 5xx answer to a write may hide a post that went out: looked for, then tried again.
    outcomes = list(target.log.values_list("outcome", flat=True))
    assert outcomes == ["unknown", "retry"]
    network.state.faults.fail = 0.0
    PostTarget.objects.filter(pk=target.pk).update(due_at=timezone.now())
    assert run(target) == TargetStatus.PUBLISHED
    assert len(network.state.posts) == 1


def test_timeout_after_acceptance_is_reconciled_not_reposted(target, network):
    network.state.faults.timeout_after_accept = 1.0
    assert run(target) == TargetStatus.PUBLISHED
    assert len(network.state.posts) == 1
    outcomes = list(target.log.values_list("outcome", flat=True))
    assert outcomes == ["unknown", "reconciled"]


def test_a_dead_workers_post_is_found_by_the_sweep(target, network):
    assert engine.claim([target.pk], "dead-worker")
    network.state.accept("Galette du jour", "k1")  # the network got it before the worker died
    PostTarget.objects.filter(pk=target.pk).update(
        lease_until=timezone.now() - timedelta(seconds=1)
    )
    assert engine.sweep() == {"requeued": 0, "reconciled": 1}
    target.refresh_from_db()
    assert target.status == TargetStatus.PUBLISHED
    assert len(network.state.posts) == 1


def test_a_dead_workers_post_not_on_the_network_is_tried_again(target, network):
    engine.claim([target.pk], "dead-worker")
    PostTarget.objects.filter(pk=target.pk).update(
        lease_until=timezone.now() - timedelta(seconds=1)
    )
    engine.sweep()
    target.refresh_from_db()
    assert target.status == TargetStatus.SCHEDULED
    PostTarget.objects.filter(pk=target.pk).update(due_at=timezone.now())
    assert run(target) == TargetStatus.PUBLISHED
    assert len(network.state.posts) == 1


def test_a_target_left_queued_by_the_task_queue_is_scheduled_again(target):
    PostTarget.objects.filter(pk=target.pk).update(
        status=TargetStatus.QUEUED, queued_at=timezone.now() - timedelta(minutes=5)
    )
    assert engine.sweep()["requeued"] == 1
    assert engine.due_target_ids() == [target.pk]


def test_refusal_is_reported_in_plain_french(target, network, monkeypatch):
    from comptoir.networks.errors import ErrorKind, NetworkError

    def refuse(self, post):
        raise NetworkError(ErrorKind.VALIDATION, "text too long")

    monkeypatch.setattr("comptoir.benchmarks.recording.RecordingConnector.publish", refuse)
    with translation.override("fr"):
        assert run(target) == TargetStatus.FAILED
    target.refresh_from_db()
    assert target.status == TargetStatus.FAILED and target.error_kind == "validation"
    assert target.error_message == "text too long"
    with translation.override("fr"):
        assert "réseau a refusé" in target.explanation
    assert target.post.status == PostStatus.FAILED


def test_a_post_held_by_a_process_that_is_gone_is_recovered_before_its_lease_ends(target, network):
    gone = subprocess.Popen([sys.executable, "-c", "pass"])
    gone.wait()
    engine.claim([target.pk], f"{engine.this_host()}-{gone.pid}")
    network.state.accept("Galette du jour", "k1")
    assert engine.sweep()["reconciled"] == 1
    target.refresh_from_db()
    assert target.status == TargetStatus.PUBLISHED and len(network.state.posts) == 1


def test_a_live_processs_lease_is_respected(target):
    engine.claim([target.pk], engine.worker_name())
    assert engine.sweep()["reconciled"] == 0
    target.refresh_from_db()
    assert target.status == TargetStatus.PUBLISHING


def test_a_batch_is_published_side_by_side_each_once(target, network):
    others = [
        PostTarget.objects.create(
            workspace=target.workspace,
            post=target.post,
            account=target.account,
            text=f"Fournée {i}",
            due_at=target.due_at,
            idempotency_key=f"batch-{i}",
        )
        for i in range(5)
    ]
    ids = engine.due_target_ids()
    assert len(ids) == 6
    assert set(engine.publish_batch(ids, "w").values()) == {TargetStatus.PUBLISHED}
    assert engine.publish_batch(ids, "w") == {}
    texts = sorted(r.text for r in network.state.posts)
    assert texts == sorted(["Galette du jour", *(t.text for t in others)])
    assert PublishAttempt.objects.filter(target__in=ids).count() == 6


def test_a_publisher_claims_again_as_soon_as_slots_free(target, network):
    for i in range(2):
        PostTarget.objects.create(
            workspace=target.workspace,
            post=target.post,
            account=target.account,
            text=f"Fournée {i}",
            due_at=target.due_at,
            idempotency_key=f"slot-{i}",
        )
    with engine.Publisher("w", concurrency=2) as publisher:
        assert publisher.fill() == 2
        assert publisher.fill() == 0  # every slot is busy
        statuses = publisher.settle(wait_for_all=True)
        assert list(statuses.values()) == [TargetStatus.PUBLISHED] * 2
        assert publisher.fill() == 1
    assert engine.due_target_ids() == []
    assert len(network.state.posts) == 3
    assert not PostTarget.objects.exclude(status=TargetStatus.PUBLISHED).exists()
