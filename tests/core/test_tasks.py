"""The housekeeping tasks forget what is old and keep what is recent."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone
from django_tasks import TaskResultStatus
from django_tasks_db.models import DBTaskResult

from comptoir.core.models import WorkerHeartbeat
from comptoir.core.tasks import forget_dead_workers, ping, prune_task_results


def finished_result(days_ago: int, status: str = TaskResultStatus.SUCCESSFUL) -> DBTaskResult:
    moment = timezone.now() - timedelta(days=days_ago)
    return DBTaskResult.objects.create(
        args_kwargs={"args": ["x"], "kwargs": {}},
        task_path="comptoir.core.tasks.ping",
        backend_name="default",
        queue_name="default",
        status=status,
        finished_at=moment,
    )


@pytest.mark.django_db
def test_prune_forgets_finished_results_older_than_a_week(settings):
    settings.TASKS_BACKEND = "db"
    old_success = finished_result(8)
    old_failure = finished_result(9, TaskResultStatus.FAILED)
    recent = finished_result(2)
    waiting = finished_result(30, TaskResultStatus.READY)

    assert prune_task_results.call() == 2

    remaining = set(DBTaskResult.objects.values_list("id", flat=True))
    assert remaining == {recent.id, waiting.id}
    assert old_success.id not in remaining and old_failure.id not in remaining


@pytest.mark.django_db
def test_prune_leaves_other_queues_alone(settings):
    settings.TASKS_BACKEND = "rq"
    finished_result(8)
    assert prune_task_results.call() == 0
    assert DBTaskResult.objects.count() == 1


@pytest.mark.django_db
def test_forget_dead_workers_keeps_recent_heartbeats():
    now = timezone.now()
    for name, seen in (("old", now - timedelta(days=2)), ("recent", now - timedelta(hours=2))):
        WorkerHeartbeat.objects.create(
            worker_id=name, hostname="h", pid=1, backend="db", started_at=seen, last_seen_at=seen
        )
    assert forget_dead_workers.call() == 1
    assert list(WorkerHeartbeat.objects.values_list("worker_id", flat=True)) == ["recent"]


def test_ping_answers():
    assert ping.call("hello") == "hello"
