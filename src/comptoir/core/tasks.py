"""Housekeeping tasks run by the periodic scheduler."""

from __future__ import annotations

from datetime import timedelta

from django.conf import settings
from django.utils import timezone
from django_tasks import task

from comptoir.core.models import WorkerHeartbeat


@task()
def prune_task_results() -> int:
    """Forget finished task results older than a week (database backend only)."""
    if settings.TASKS_BACKEND != "db":
        return 0
    from django_tasks_db.models import DBTaskResult

    cutoff = timezone.now() - timedelta(days=7)
    deleted, _ = DBTaskResult.objects.finished().filter(finished_at__lt=cutoff).delete()
    return deleted


@task()
def forget_dead_workers() -> int:
    """Drop heartbeats of workers silent for a day, so the status page lists live ones."""
    cutoff = timezone.now() - timedelta(days=1)
    deleted, _ = WorkerHeartbeat.objects.filter(last_seen_at__lt=cutoff).delete()
    return deleted


@task()
def ping(value: str) -> str:
    """A task that only answers; the status page and the tests use it to prove a worker runs."""
    return value
