"""The durable periodic scheduler.

Periodic jobs are rows of ``PeriodicJob``. Every worker process calls ``tick()`` every few
seconds; a due job is claimed by moving its ``next_run_at`` forward with a conditional
UPDATE (``WHERE next_run_at = <the value we read>``). Exactly one process can win that
update, on SQLite as on PostgreSQL, so an occurrence is enqueued once however many
workers run, and the schedule survives restarts because it lives in the database.
The job itself runs as an ordinary task, on whichever worker picks it up.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.module_loading import import_string

from comptoir.core.models import PeriodicJob

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class Schedule:
    name: str
    task_path: str  # dotted path of a django-tasks Task
    every: timedelta


# Each app adds its periodic work here, one line per job.
SCHEDULES: list[Schedule] = [
    Schedule("prune_task_results", "comptoir.core.tasks.prune_task_results", timedelta(hours=6)),
    Schedule("forget_dead_workers", "comptoir.core.tasks.forget_dead_workers", timedelta(hours=1)),
]


def ensure_jobs(schedules: list[Schedule]) -> None:
    """Create the rows of new schedules (due now) and keep intervals in step with the code."""
    now = timezone.now()
    for schedule in schedules:
        job, created = PeriodicJob.objects.get_or_create(
            name=schedule.name,
            defaults={"interval_seconds": int(schedule.every.total_seconds()), "next_run_at": now},
        )
        seconds = int(schedule.every.total_seconds())
        if not created and job.interval_seconds != seconds:
            PeriodicJob.objects.filter(pk=job.pk).update(interval_seconds=seconds)


def claim(job: PeriodicJob, worker_id: str) -> bool:
    """Try to take this occurrence of the job; True for the one process that wins."""
    now = timezone.now()
    won = PeriodicJob.objects.filter(pk=job.pk, next_run_at=job.next_run_at).update(
        next_run_at=now + timedelta(seconds=job.interval_seconds),
        last_run_at=now,
        last_claimed_by=worker_id,
        runs=job.runs + 1,
    )
    return won == 1


def tick(worker_id: str, schedules: list[Schedule] | None = None) -> list[str]:
    """Enqueue every due job this process wins; returns the names it enqueued."""
    schedules = SCHEDULES if schedules is None else schedules
    ensure_jobs(schedules)
    by_name = {schedule.name: schedule for schedule in schedules}
    enqueued = []
    due = PeriodicJob.objects.filter(name__in=by_name, next_run_at__lte=timezone.now())
    for job in due:
        with transaction.atomic():
            if not claim(job, worker_id):
                continue
            task: Any = import_string(by_name[job.name].task_path)
            # Enqueue once the claim is committed, so a rolled-back claim enqueues nothing.
            transaction.on_commit(task.enqueue)
        enqueued.append(job.name)
        logger.info("Periodic job %s enqueued by %s", job.name, worker_id)
    return enqueued
