"""The periodic scheduler with several real ``comptoir worker`` processes on one database.

Each test job is due every second and receives the due time it was enqueued for, and every
run appends "job occurrence pid" to a file. Three workers compete for every occurrence;
the tests check that no occurrence ever runs twice, that none is lost, and that the
schedule carries on where it was after all workers restart. They run on the database of
the test run (SQLite, then PostgreSQL) with each task queue (database, then RQ on Redis).
"""

from __future__ import annotations

from collections import Counter

import pytest

from comptoir.core.models import PeriodicJob, WorkerHeartbeat
from comptoir.core.scheduler import SCHEDULES
from tests.core.periodic.apps import TEST_JOBS
from tests.core.processes import wait_for

OCCURRENCES = 4  # per job, so each test sees a dozen contested occurrences


def runs_by_job() -> dict[str, int]:
    return dict(PeriodicJob.objects.filter(name__in=TEST_JOBS).values_list("name", "runs"))


def executions(processes) -> Counter[str]:
    return Counter(fields[0] for fields in processes.recorded() if fields[0] in TEST_JOBS)


def assert_no_occurrence_ran_twice(processes) -> None:
    seen = Counter((fields[0], fields[1]) for fields in processes.recorded())
    repeated = {occurrence: count for occurrence, count in seen.items() if count > 1}
    assert not repeated, f"occurrences run more than once: {repeated}"


def settled_with_at_least(processes, minimum: int) -> bool:
    """True once every job ran ``minimum`` times and every claimed occurrence has run.

    The file is read before the counters: a line is only written after its claim was
    committed, so at that moment no job can show more runs in the file than claims in
    the database. That holds at every poll, and is checked at every poll.
    """
    ran = executions(processes)
    claimed = runs_by_job()
    for job in TEST_JOBS:
        assert ran[job] <= claimed.get(job, 0), (job, ran, claimed, processes.all_output())
    assert_no_occurrence_ran_twice(processes)
    return all(claimed.get(job, 0) >= minimum and ran[job] == claimed[job] for job in TEST_JOBS)


@pytest.mark.django_db(transaction=True)
def test_each_occurrence_runs_exactly_once_across_workers(processes, backend):
    workers = processes.workers(3, backend=backend)

    wait_for(
        lambda: settled_with_at_least(processes, OCCURRENCES),
        f"{OCCURRENCES} runs of each test job\n{processes.all_output()}",
    )
    assert all(worker.poll() is None for worker in workers), processes.all_output()
    assert WorkerHeartbeat.objects.filter(backend=backend).count() == 3

    processes.stop_all()
    assert_no_occurrence_ran_twice(processes)
    assert all(worker.returncode == 0 for worker in workers), processes.all_output()
    # Stopped workers say goodbye: the status page does not list them as dead.
    assert not WorkerHeartbeat.objects.exists(), processes.all_output()
    occurrences = [fields[1] for fields in processes.recorded() if fields[0] == TEST_JOBS[0]]
    assert occurrences == sorted(occurrences), "occurrences ran out of order"


@pytest.mark.django_db(transaction=True)
def test_schedule_carries_on_after_every_worker_restarts(processes, backend):
    processes.workers(2, backend=backend)
    wait_for(lambda: settled_with_at_least(processes, 2), "two runs of each test job")
    # Comptoir's own housekeeping jobs are due at once the first time, then in hours.
    housekeeping = PeriodicJob.objects.exclude(name__in=TEST_JOBS)
    product_jobs = len([schedule for schedule in SCHEDULES if schedule.name not in TEST_JOBS])
    wait_for(
        lambda: housekeeping.filter(runs=1).count() == product_jobs,
        "the housekeeping jobs' first run",
    )
    processes.stop_all()
    before = {job.name: (job.runs, job.next_run_at) for job in PeriodicJob.objects.all()}

    processes.workers(2, backend=backend)
    wait_for(
        lambda: settled_with_at_least(processes, before[TEST_JOBS[0]][0] + 2),
        "two more runs of each test job after the restart",
    )
    processes.stop_all()

    after = {job.name: (job.runs, job.next_run_at) for job in PeriodicJob.objects.all()}
    for job in housekeeping:
        # Not run again on restart: the next due time was kept in the database.
        assert after[job.name] == before[job.name], job.name
    assert_no_occurrence_ran_twice(processes)
