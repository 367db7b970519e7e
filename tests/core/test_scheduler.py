"""The scheduler's rules, in one process: due jobs, the conditional claim, enqueueing."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.db import transaction
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from comptoir.core import scheduler
from comptoir.core.models import PeriodicJob
from comptoir.core.scheduler import Schedule

PING = Schedule("ping_hourly", "comptoir.core.tasks.ping", timedelta(hours=1))
RECORD = Schedule(
    "record_every_minute",
    "tests.core.periodic.tasks.test_every_second_a",
    timedelta(minutes=1),
    pass_occurrence=True,
)

pytestmark = pytest.mark.usefixtures("database_queue")


@pytest.fixture
def database_queue(settings):
    settings.TASKS_BACKEND = "db"
    settings.TASKS = {
        "default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}
    }


def queued(task_path: str) -> list[DBTaskResult]:
    return list(DBTaskResult.objects.filter(task_path=task_path))


@pytest.mark.django_db
def test_new_job_is_due_at_once_then_waits_its_interval():
    assert scheduler.tick("worker-1", [RECORD]) == ["record_every_minute"]
    job = PeriodicJob.objects.get(name="record_every_minute")
    assert job.runs == 1
    assert job.last_claimed_by == "worker-1"
    assert job.next_run_at - job.last_run_at == timedelta(minutes=1)

    assert scheduler.tick("worker-2", [RECORD]) == [], "not due again before a minute"
    assert len(queued(RECORD.task_path)) == 1


@pytest.mark.django_db
def test_task_receives_the_occurrence_it_was_enqueued_for():
    scheduler.ensure_jobs([RECORD])
    due = PeriodicJob.objects.get(name="record_every_minute").next_run_at
    scheduler.tick("worker-1", [RECORD])
    [result] = queued(RECORD.task_path)
    assert result.args_kwargs == {"args": [], "kwargs": {"occurrence": due.isoformat()}}


@pytest.mark.django_db
def test_only_the_first_of_two_claims_on_one_occurrence_wins():
    scheduler.ensure_jobs([PING])
    seen_by_first = PeriodicJob.objects.get(name="ping_hourly")
    seen_by_second = PeriodicJob.objects.get(name="ping_hourly")  # read at the same moment

    assert scheduler.claim(seen_by_first, "worker-1") is True
    assert scheduler.claim(seen_by_second, "worker-2") is False
    job = PeriodicJob.objects.get(name="ping_hourly")
    assert (job.runs, job.last_claimed_by) == (1, "worker-1")


@pytest.mark.django_db
def test_overdue_job_runs_once_not_once_per_missed_interval():
    """After a week switched off, an hourly job runs once, then hourly again."""
    scheduler.ensure_jobs([PING])
    PeriodicJob.objects.filter(name="ping_hourly").update(
        next_run_at=timezone.now() - timedelta(days=7)
    )
    assert scheduler.tick("worker-1", [PING]) == ["ping_hourly"]
    assert scheduler.tick("worker-1", [PING]) == []
    job = PeriodicJob.objects.get(name="ping_hourly")
    assert job.next_run_at > timezone.now() + timedelta(minutes=59)


@pytest.mark.django_db
def test_claim_and_task_are_saved_together_with_the_database_queue(monkeypatch):
    """If the task cannot be enqueued, the claim is undone: the occurrence is not lost."""
    scheduler.ensure_jobs([PING])

    def broken(*args, **kwargs):
        raise RuntimeError("queue unavailable")

    monkeypatch.setattr(scheduler, "enqueue", broken)
    assert scheduler.tick("worker-1", [PING]) == []
    job = PeriodicJob.objects.get(name="ping_hourly")
    assert job.runs == 0
    assert job.next_run_at <= timezone.now(), "still due, for the next tick"


@pytest.mark.django_db
def test_a_broken_job_does_not_hold_the_others_up():
    broken = Schedule("broken", "comptoir.core.tasks.no_such_task", timedelta(hours=1))
    assert scheduler.tick("worker-1", [broken, PING]) == ["ping_hourly"]
    assert len(queued(PING.task_path)) == 1


@pytest.mark.django_db
def test_other_queues_are_given_the_task_once_the_claim_is_committed(
    monkeypatch, django_capture_on_commit_callbacks
):
    monkeypatch.setattr(scheduler, "enqueues_in_database", lambda schedule: False)
    calls: list[str] = []
    monkeypatch.setattr(
        scheduler, "enqueue", lambda schedule, occurrence: calls.append(schedule.name)
    )
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        with transaction.atomic():
            scheduler.tick("worker-1", [PING])
        assert calls == [], "nothing sent before the commit"
    assert len(callbacks) == 1
    callbacks[0]()
    assert calls == ["ping_hourly"]


@pytest.mark.django_db
def test_interval_changed_in_the_code_is_applied_to_the_row():
    scheduler.ensure_jobs([PING])
    scheduler.ensure_jobs([Schedule("ping_hourly", PING.task_path, timedelta(minutes=30))])
    assert PeriodicJob.objects.get(name="ping_hourly").interval_seconds == 1800


def test_register_adds_a_job_once(monkeypatch):
    monkeypatch.setattr(scheduler, "SCHEDULES", list(scheduler.SCHEDULES))
    scheduler.register(PING)
    scheduler.register(Schedule("ping_hourly", PING.task_path, timedelta(hours=2)))
    matching = [item for item in scheduler.SCHEDULES if item.name == "ping_hourly"]
    assert len(matching) == 1
    assert matching[0].every == timedelta(hours=2)


@pytest.mark.django_db
def test_housekeeping_jobs_point_to_real_tasks():
    for schedule in scheduler.SCHEDULES:
        scheduler.enqueue(schedule, timezone.now())
    assert {result.task_path for result in DBTaskResult.objects.all()} >= {
        "comptoir.core.tasks.prune_task_results",
        "comptoir.core.tasks.forget_dead_workers",
    }
