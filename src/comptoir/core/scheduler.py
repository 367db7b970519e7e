"""The durable periodic scheduler.

Periodic jobs are rows of ``PeriodicJob``. Every worker process calls ``tick()`` every few
seconds; a due job is claimed by moving its ``next_run_at`` forward with a conditional
UPDATE (``WHERE next_run_at = <the value we read>``). Exactly one process can win that
update, on SQLite as on PostgreSQL, so an occurrence is enqueued once however many
workers run, and the schedule survives restarts because it lives in the database.
The job itself runs as an ordinary task, on whichever worker picks it up.

With the database task queue the task is enqueued in the same transaction as the claim:
either both are saved or neither is. With RQ the task is enqueued right after the claim is
committed; a worker killed between the two loses that one occurrence (the job runs again at
its next due time) rather than ever running it twice.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import datetime, timedelta
from functools import partial
from typing import Any

from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.module_loading import import_string
from django.utils.translation import gettext_lazy as _

from comptoir.core.models import PeriodicJob

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class Schedule:
    """A task to enqueue every ``every``.

    With ``pass_occurrence`` the task receives ``occurrence=<ISO date>``, the due time it
    was enqueued for: a task can use it to work on exactly that period, or to recognise a
    repeat.
    """

    name: str
    task_path: str  # dotted path of a django-tasks Task
    every: timedelta
    label: str | Promise = ""  # shown on the status page
    pass_occurrence: bool = False

    @property
    def interval_seconds(self) -> int:
        return max(1, int(self.every.total_seconds()))


# The housekeeping of Comptoir itself; apps add theirs with ``register()``.
SCHEDULES: list[Schedule] = [
    Schedule(
        "prune_task_results",
        "comptoir.core.tasks.prune_task_results",
        timedelta(hours=6),
        _("Forget finished tasks older than a week"),
    ),
    Schedule(
        "forget_dead_workers",
        "comptoir.core.tasks.forget_dead_workers",
        timedelta(hours=1),
        _("Forget workers silent for a day"),
    ),
    Schedule(
        "sandbox_customers",
        "comptoir.networks.sandbox.tasks.simulate_sandbox_customers",
        timedelta(minutes=10),
        _("Make the sandbox's simulated customers react"),
    ),
    Schedule(
        "account_health",
        "comptoir.networks.tasks.warn_about_account_health",
        timedelta(hours=1),
        _("Warn owners about expiring or broken account connections"),
    ),
]


def register(schedule: Schedule) -> None:
    """Add an app's periodic job (call it from ``AppConfig.ready``); a repeat is ignored."""
    for index, existing in enumerate(SCHEDULES):
        if existing.name == schedule.name:
            SCHEDULES[index] = schedule
            return
    SCHEDULES.append(schedule)


def ensure_jobs(schedules: list[Schedule]) -> None:
    """Create the rows of new schedules (due now) and keep intervals in step with the code."""
    now = timezone.now()
    for schedule in schedules:
        job, created = PeriodicJob.objects.get_or_create(
            name=schedule.name,
            defaults={"interval_seconds": schedule.interval_seconds, "next_run_at": now},
        )
        if not created and job.interval_seconds != schedule.interval_seconds:
            PeriodicJob.objects.filter(pk=job.pk).update(interval_seconds=schedule.interval_seconds)


def claim(job: PeriodicJob, worker_id: str) -> bool:
    """Try to take this occurrence of the job; True for the one process that wins.

    ``job`` is the row as this process read it: the UPDATE only matches if nobody has
    moved ``next_run_at`` since, and the database lets only one such UPDATE through.
    """
    now = timezone.now()
    won = PeriodicJob.objects.filter(pk=job.pk, next_run_at=job.next_run_at).update(
        next_run_at=now + timedelta(seconds=job.interval_seconds),
        last_run_at=now,
        last_claimed_by=worker_id[:64],
        runs=F("runs") + 1,
    )
    return won == 1


def enqueue(schedule: Schedule, occurrence: datetime) -> None:
    task: Any = import_string(schedule.task_path)
    if schedule.pass_occurrence:
        task.enqueue(occurrence=occurrence.isoformat())
    else:
        task.enqueue()


def enqueues_in_database(schedule: Schedule) -> bool:
    """Does the task's backend write to this same database (so it can share the claim's
    transaction)?"""
    from django_tasks_db.backend import DatabaseBackend

    task: Any = import_string(schedule.task_path)
    return isinstance(task.get_backend(), DatabaseBackend)


def tick(worker_id: str, schedules: list[Schedule] | None = None) -> list[str]:
    """Enqueue every due job this process wins; returns the names it enqueued."""
    schedules = SCHEDULES if schedules is None else schedules
    ensure_jobs(schedules)
    by_name = {schedule.name: schedule for schedule in schedules}
    enqueued = []
    due = PeriodicJob.objects.filter(name__in=by_name, next_run_at__lte=timezone.now())
    for job in due:
        schedule = by_name[job.name]
        occurrence = job.next_run_at
        try:
            with transaction.atomic():
                if not claim(job, worker_id):
                    continue
                if enqueues_in_database(schedule):
                    enqueue(schedule, occurrence)
                else:
                    # Only once the claim is committed: a rolled-back claim sends nothing.
                    transaction.on_commit(partial(enqueue, schedule, occurrence), robust=False)
        except Exception:
            # One broken job must not hold the others up; it is retried at the next tick
            # when its claim was undone, else at its next due time.
            logger.exception("Periodic job %s could not be enqueued", job.name)
            continue
        enqueued.append(job.name)
        logger.info("Periodic job %s (due %s) enqueued by %s", job.name, occurrence, worker_id)
    return enqueued
