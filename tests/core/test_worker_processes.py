"""Real ``comptoir worker`` processes run the queued tasks, several at once.

Each test runs with the database queue and with RQ on Redis, on the database of the test
run (SQLite, then PostgreSQL).
"""

from __future__ import annotations

import signal
from collections import Counter
from datetime import UTC, timedelta

import pytest
from django.test import override_settings
from django.utils import timezone
from django_tasks import TaskResultStatus
from rq.exceptions import NoSuchJobError

from comptoir.core.models import WorkerHeartbeat
from comptoir.core.status import collect_status
from tests.core.periodic.tasks import note, rendezvous
from tests.core.processes import wait_for


def finished(results) -> bool:
    for result in results:
        try:
            result.refresh()
        except NoSuchJobError:
            # RQ moves a deferred job out of its schedule between two reads of the
            # backend's refresh: the job is on its way, look again at the next poll.
            return False
    # RQ may report a job finished before its start time is readable: look again then.
    return all(result.is_finished and result.started_at is not None for result in results)


@pytest.mark.django_db(transaction=True)
def test_several_workers_run_every_task_once(processes, enqueue_to):
    workers = processes.workers(3, backend=enqueue_to)
    results = [note.enqueue(number) for number in range(40)]

    wait_for(lambda: finished(results), f"40 tasks to finish\n{processes.all_output()}")

    assert {result.status for result in results} == {TaskResultStatus.SUCCESSFUL}
    runs = Counter(int(fields[1]) for fields in processes.recorded() if fields[0] == "note")
    assert runs == Counter(range(40)), "every task runs exactly once"
    worker_pids = {worker.pid for worker in workers}
    assert {result.return_value for result in results} <= worker_pids


@pytest.mark.django_db(transaction=True)
def test_workers_run_tasks_at_the_same_time(processes, enqueue_to, tmp_path):
    """Three tasks that can only finish if three workers hold one each at the same moment."""
    workers = processes.workers(3, backend=enqueue_to)
    meeting = tmp_path / "meeting"
    meeting.mkdir()
    results = [rendezvous.enqueue(str(meeting), 3) for _ in range(3)]

    wait_for(lambda: finished(results), f"the rendezvous\n{processes.all_output()}")

    assert {result.status for result in results} == {TaskResultStatus.SUCCESSFUL}, [
        error.traceback for result in results for error in result.errors
    ]
    assert set(results[0].return_value) == {worker.pid for worker in workers}


@pytest.mark.django_db(transaction=True)
def test_burst_worker_runs_the_queue_then_stops(processes, enqueue_to):
    results = [note.enqueue(number) for number in range(5)]
    worker = processes.start("worker", "--burst", backend=enqueue_to)

    assert processes.wait(worker) == 0, processes.output(worker)
    assert finished(results)
    assert {result.status for result in results} == {TaskResultStatus.SUCCESSFUL}


@pytest.mark.django_db(transaction=True)
# The workers beat every 0.1 s; this process takes them for dead after 3 s of silence.
@override_settings(SCHEDULER_TICK_SECONDS=1)
def test_status_tells_a_killed_worker_from_a_running_one(processes, backend):
    survivor, victim = processes.workers(2, backend=backend)

    def alive_by_pid() -> dict[int, bool]:
        return {state.heartbeat.pid: state.alive for state in collect_status().workers}

    wait_for(
        lambda: alive_by_pid() == {survivor.pid: True, victim.pid: True},
        f"two live workers\n{processes.all_output()}",
    )

    processes.stop(victim, sig=signal.SIGKILL)

    wait_for(
        lambda: alive_by_pid() == {survivor.pid: True, victim.pid: False},
        "the killed worker to be reported as not responding, the other as running",
    )
    assert WorkerHeartbeat.objects.count() == 2, "a killed worker cannot sign off"


@pytest.mark.django_db(transaction=True)
def test_deferred_task_runs_once_its_time_has_come(processes, enqueue_to):
    processes.workers(2, backend=enqueue_to)
    run_after = timezone.now() + timedelta(seconds=2)
    result = note.using(run_after=run_after).enqueue(1)

    wait_for(lambda: finished([result]), f"the deferred task\n{processes.all_output()}")

    assert result.status == TaskResultStatus.SUCCESSFUL
    started = result.started_at
    if timezone.is_naive(started):
        started = timezone.make_aware(started, UTC)
    # RQ keeps due times to the whole second; the database queue keeps them exactly.
    earliest = run_after.replace(microsecond=0) if enqueue_to == "rq" else run_after
    assert started >= earliest, "not before the time it was deferred to"
    assert [fields[1] for fields in processes.recorded() if fields[0] == "note"] == ["1"]
