"""What the status page and /health/ report: database, workers, queue, scheduler, version."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timedelta

from django.conf import settings
from django.db import DatabaseError, connection
from django.db.models import Max
from django.utils import timezone

from comptoir import __version__
from comptoir.core.models import PeriodicJob, WorkerHeartbeat


@dataclass
class StatusReport:
    version: str
    database_ok: bool
    database_vendor: str
    tasks_backend: str
    workers: list[WorkerHeartbeat] = field(default_factory=list)
    alive_workers: int = 0
    queue_depth: int | None = None
    last_scheduler_run: datetime | None = None
    jobs: list[PeriodicJob] = field(default_factory=list)


def worker_is_alive(heartbeat: WorkerHeartbeat, now: datetime) -> bool:
    """A worker that missed three ticks in a row is taken for dead."""
    return now - heartbeat.last_seen_at <= timedelta(seconds=3 * settings.SCHEDULER_TICK_SECONDS)


def queue_depth() -> int | None:
    """Tasks waiting to be run, from whichever backend is configured (None if unknown)."""
    try:
        if settings.TASKS_BACKEND == "db":
            from django_tasks_db.models import DBTaskResult

            return int(DBTaskResult.objects.ready().count())
        if settings.TASKS_BACKEND == "rq":
            import django_rq

            return sum(int(django_rq.get_queue(name).count) for name in settings.TASK_QUEUES)
    except Exception:  # the status page must render even when Redis is down
        return None
    return 0


def collect_status() -> StatusReport:
    report = StatusReport(
        version=__version__,
        database_ok=False,
        database_vendor=connection.vendor,
        tasks_backend=settings.TASKS_BACKEND,
    )
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
        report.database_ok = True
    except DatabaseError:
        return report
    now = timezone.now()
    report.workers = list(WorkerHeartbeat.objects.order_by("-last_seen_at")[:20])
    report.alive_workers = sum(worker_is_alive(w, now) for w in report.workers)
    report.queue_depth = queue_depth()
    report.jobs = list(PeriodicJob.objects.all())
    report.last_scheduler_run = PeriodicJob.objects.aggregate(last=Max("last_run_at"))["last"]
    return report
