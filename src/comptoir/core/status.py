"""What the status page and /health/ report: database, workers, queue, scheduler, version.

Everything is read fresh on each request and nothing here may raise: the status page is
what people open when something is broken, so it must render whatever is down.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from django.conf import settings
from django.db import DatabaseError, connection
from django.db.models import Count, Max
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.translation import ngettext

from comptoir import __version__
from comptoir.core import scheduler
from comptoir.core.models import PeriodicJob, WorkerHeartbeat

logger = logging.getLogger(__name__)

DATABASE_NAMES = {"sqlite": "SQLite", "postgresql": "PostgreSQL"}


@dataclass
class WorkerState:
    heartbeat: WorkerHeartbeat
    alive: bool
    streams: int = 0  # accounts whose live stream this worker holds now


@dataclass
class JobState:
    job: PeriodicJob
    label: str | Promise
    late: bool  # due for longer than a few ticks: no worker is picking it up

    @property
    def every(self) -> str:
        return describe_interval(self.job.interval_seconds)


def describe_interval(seconds: int) -> str:
    """ "6 hours" rather than "21600 seconds"."""
    if seconds % 86400 == 0:
        days = seconds // 86400
        return ngettext("%(n)d day", "%(n)d days", days) % {"n": days}
    if seconds % 3600 == 0:
        hours = seconds // 3600
        return ngettext("%(n)d hour", "%(n)d hours", hours) % {"n": hours}
    if seconds % 60 == 0:
        minutes = seconds // 60
        return ngettext("%(n)d minute", "%(n)d minutes", minutes) % {"n": minutes}
    return ngettext("%(n)d second", "%(n)d seconds", seconds) % {"n": seconds}


@dataclass
class StatusReport:
    version: str
    database_ok: bool
    database_vendor: str
    tasks_backend: str
    workers: list[WorkerState] = field(default_factory=list)
    queue_depth: int | None = None
    last_scheduler_run: datetime | None = None
    jobs: list[JobState] = field(default_factory=list)
    # Counts only: this page is for the people running the installation, and it must not
    # reveal one business's accounts to another.
    accounts_active: int = 0
    accounts_broken: int = 0
    accounts_expiring: int = 0

    @property
    def silence_seconds(self) -> int:
        return round(silence_limit().total_seconds())

    @property
    def alive_workers(self) -> int:
        return sum(worker.alive for worker in self.workers)

    @property
    def healthy(self) -> bool:
        """Database answers, the queue is readable and someone runs the tasks."""
        workers_needed = self.tasks_backend != "immediate"
        return (
            self.database_ok
            and self.queue_depth is not None
            and (self.alive_workers > 0 or not workers_needed)
        )

    def as_json(self) -> dict[str, Any]:
        return {
            "status": "ok" if self.healthy else ("degraded" if self.database_ok else "down"),
            "version": self.version,
            "database": self.database_ok,
            "database_vendor": self.database_vendor,
            "tasks_backend": self.tasks_backend,
            "queue_depth": self.queue_depth,
            "workers_alive": self.alive_workers,
            "workers_dead": len(self.workers) - self.alive_workers,
            "last_scheduler_run": (
                self.last_scheduler_run.isoformat() if self.last_scheduler_run else None
            ),
            "periodic_jobs_late": [state.job.name for state in self.jobs if state.late],
        }


def silence_limit() -> timedelta:
    """A worker that missed three ticks in a row is taken for dead."""
    return timedelta(seconds=3 * settings.SCHEDULER_TICK_SECONDS)


def worker_is_alive(heartbeat: WorkerHeartbeat, now: datetime) -> bool:
    return now - heartbeat.last_seen_at <= silence_limit()


def queue_depth() -> int | None:
    """Tasks waiting to be run, from whichever backend is configured (None if unreadable)."""
    try:
        if settings.TASKS_BACKEND == "db":
            from django_tasks_db.models import DBTaskResult

            return int(DBTaskResult.objects.ready().count())
        if settings.TASKS_BACKEND == "rq":
            import django_rq

            return sum(int(django_rq.get_queue(name).count) for name in settings.TASK_QUEUES)
    except Exception:  # the status page must render even when Redis is down
        logger.warning("Could not read the task queue", exc_info=True)
        return None
    return 0


def count_accounts(report: StatusReport, now: datetime) -> None:
    """Token health over every connected account of the installation."""
    from comptoir.networks.health import EXPIRY_NOTICE
    from comptoir.networks.models import AccountStatus, ConnectedAccount

    accounts = ConnectedAccount.objects.all()
    report.accounts_active = accounts.filter(status=AccountStatus.ACTIVE).count()
    report.accounts_broken = accounts.filter(status=AccountStatus.BROKEN).count()
    report.accounts_expiring = accounts.filter(
        status=AccountStatus.ACTIVE, token_expires_at__lte=now + EXPIRY_NOTICE
    ).count()


def streams_by_worker(now: datetime) -> dict[str, int]:
    """How many accounts' live streams each worker holds (``inbox.leases``)."""
    from comptoir.inbox.models import StreamLease

    held = StreamLease.objects.filter(expires_at__gt=now).exclude(holder="")
    return dict(held.values("holder").annotate(count=Count("pk")).values_list("holder", "count"))


def collect_status() -> StatusReport:
    report = StatusReport(
        version=__version__,
        database_ok=False,
        database_vendor=DATABASE_NAMES.get(connection.vendor, connection.vendor),
        tasks_backend=settings.TASKS_BACKEND,
    )
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
        report.database_ok = True
        now = timezone.now()
        heartbeats = WorkerHeartbeat.objects.order_by("-last_seen_at")[:50]
        streams = streams_by_worker(now)
        report.workers = [
            WorkerState(beat, worker_is_alive(beat, now), streams.get(beat.worker_id, 0))
            for beat in heartbeats
        ]
        labels = {
            schedule.name: schedule.label or schedule.name for schedule in scheduler.SCHEDULES
        }
        report.jobs = [
            JobState(
                job,
                labels.get(job.name, job.name),
                # A job no longer in the code is never claimed again: it is not late.
                job.name in labels and now - job.next_run_at > silence_limit(),
            )
            for job in PeriodicJob.objects.all()
        ]
        report.last_scheduler_run = PeriodicJob.objects.aggregate(last=Max("last_run_at"))["last"]
        count_accounts(report, now)
    except DatabaseError:
        logger.warning("The status page cannot read the database", exc_info=True)
        report.database_ok = False
        return report
    report.queue_depth = queue_depth()
    return report
