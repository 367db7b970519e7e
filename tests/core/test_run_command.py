"""``comptoir run``: checks the set-up, serves pages and runs tasks, stops cleanly.

The server runs as a real process on a free port, on the database of the test run, with
the database queue (worker in a thread) and with RQ (worker in a child process).
"""

from __future__ import annotations

import json
import os
import signal
import urllib.error
import urllib.request
from concurrent.futures import ThreadPoolExecutor

import pytest
from django_tasks import TaskResultStatus

from comptoir.core.models import WorkerHeartbeat
from tests.core.periodic.tasks import note
from tests.core.processes import free_port, wait_for


def get(url: str) -> tuple[int, bytes]:
    try:
        with urllib.request.urlopen(url, timeout=10) as response:  # noqa: S310
            return response.status, response.read()
    except urllib.error.HTTPError as error:
        return error.code, error.read()
    except OSError:
        return 0, b""


def process_exists(pid: int) -> bool:
    """True while the process runs; a finished process nobody has reaped yet counts as gone."""
    try:
        with open(f"/proc/{pid}/stat") as stat:
            state = stat.read().rsplit(")", 1)[1].split()[0]
    except FileNotFoundError:
        return False
    return state not in {"Z", "X"}


def children_of(pid: int) -> list[int]:
    """The running processes whose parent is ``pid``."""
    children = []
    for entry in os.listdir("/proc"):
        if entry.isdigit() and process_exists(int(entry)):
            try:
                with open(f"/proc/{entry}/stat") as stat:
                    parent = int(stat.read().rsplit(")", 1)[1].split()[1])
            except (FileNotFoundError, ProcessLookupError):
                continue
            if parent == pid:
                children.append(int(entry))
    return children


def start_server(processes, backend: str, *options: str) -> tuple[object, str]:
    port = free_port()
    server = processes.start("run", "--port", str(port), "--no-demo", *options, backend=backend)
    base = f"http://127.0.0.1:{port}"
    wait_for(
        lambda: server.poll() is not None or get(f"{base}/health/")[0] == 200,
        f"the server on port {port}",
    )
    assert server.poll() is None, processes.output(server)
    return server, base


@pytest.mark.django_db(transaction=True)
def test_run_serves_pages_and_runs_tasks_on_the_port_asked(processes, enqueue_to):
    server, base = start_server(processes, enqueue_to)

    status, body = get(f"{base}/accounts/login/")
    assert status == 200
    assert b"Comptoir" in body
    health = wait_for(
        lambda: (answer := json.loads(get(f"{base}/health/")[1]))["workers_alive"] == 1 and answer,
        "the worker's first heartbeat",
    )
    assert health["status"] == "ok"
    assert health["tasks_backend"] == enqueue_to
    worker_pid = WorkerHeartbeat.objects.get().pid
    if enqueue_to == "db":
        assert worker_pid == server.pid, "the database worker runs in the server's process"
    else:
        assert worker_pid != server.pid, "the RQ worker runs in a child process"

    result = note.enqueue(7)
    wait_for(lambda: result.refresh() or result.is_finished, "the task to run")
    assert result.status == TaskResultStatus.SUCCESSFUL
    assert result.return_value == worker_pid

    assert processes.stop(server) == 0, processes.output(server)
    assert not process_exists(worker_pid)
    assert not WorkerHeartbeat.objects.exists(), "the worker stopped with the server"
    assert "Traceback" not in processes.output(server)


@pytest.mark.django_db(transaction=True)
def test_rq_worker_stops_when_its_server_is_killed(processes, redis_db):
    server, _base = start_server(processes, "rq")
    heartbeat = wait_for(WorkerHeartbeat.objects.first, "the worker's first heartbeat")

    processes.stop(server, sig=signal.SIGKILL)

    # The orphaned worker notices, stops gracefully and removes its heartbeat.
    wait_for(lambda: not WorkerHeartbeat.objects.exists(), "the orphaned worker to stop")
    wait_for(lambda: not process_exists(heartbeat.pid), "the orphaned worker process to end")


@pytest.mark.django_db(transaction=True)
def test_several_server_processes_share_the_port_and_stop_together(processes):
    server, base = start_server(processes, "db", "--no-worker", "--processes", "3")
    # The first process hands the connections out; each of the three forks answers them.
    extra = wait_for(lambda: len(children_of(server.pid)) == 3 and children_of(server.pid), "forks")

    with ThreadPoolExecutor(8) as pool:
        answers = list(pool.map(lambda _: get(f"{base}/accounts/login/")[0], range(40)))
    assert answers == [200] * 40

    assert processes.stop(server) == 0, processes.output(server)
    assert not any(process_exists(pid) for pid in extra)
    assert "Traceback" not in processes.output(server)


@pytest.mark.django_db(transaction=True)
def test_with_several_server_processes_the_worker_runs_in_a_child_of_its_own(processes, enqueue_to):
    server, _base = start_server(processes, enqueue_to, "--processes", "2")
    heartbeat = wait_for(WorkerHeartbeat.objects.first, "the worker's first heartbeat")
    assert heartbeat.pid != server.pid
    assert heartbeat.pid in children_of(server.pid)

    result = note.enqueue(3)
    wait_for(lambda: result.refresh() or result.is_finished, "the task to run")
    assert result.return_value == heartbeat.pid

    assert processes.stop(server) == 0, processes.output(server)
    assert not process_exists(heartbeat.pid)
    assert not WorkerHeartbeat.objects.exists(), "the worker stopped with the server"


@pytest.mark.django_db(transaction=True)
def test_server_processes_stop_when_the_first_one_is_killed(processes):
    server, _base = start_server(processes, "db", "--no-worker", "--processes", "2")
    extra = wait_for(lambda: len(children_of(server.pid)) == 2 and children_of(server.pid), "forks")

    processes.stop(server, sig=signal.SIGKILL)

    wait_for(lambda: not any(process_exists(pid) for pid in extra), "the orphaned server to end")


@pytest.mark.parametrize(
    ("variables", "expected"),
    [
        (
            {"DATABASE_URL": "postgres://comptoir@127.0.0.1:1/comptoir"},
            "127.0.0.1:1",
        ),
        (
            {"COMPTOIR_TASKS": "rq", "REDIS_URL": "redis://:hidden@127.0.0.1:1/0"},
            "redis://:***@127.0.0.1:1/0",
        ),
        ({"COMPTOIR_TASKS": "celery"}, "COMPTOIR_TASKS must be one of db, rq, immediate"),
        ({"DATABASE_URL": "mysql://root@127.0.0.1/comptoir"}, "does not support"),
        ({"COMPTOIR_SCHEDULER_TICK": "often"}, "COMPTOIR_SCHEDULER_TICK must be a number"),
    ],
)
@pytest.mark.parametrize("command", ["run", "worker"])
def test_commands_refuse_to_start_with_a_plain_explanation(commands, command, variables, expected):
    variables = dict(variables)
    backend = variables.pop("COMPTOIR_TASKS", "db")
    process = commands.start(command, backend=backend, **variables)

    assert commands.wait(process) == 2
    output = commands.output(process)
    assert expected in output
    assert "Traceback" not in output
    assert "hidden" not in output, "passwords are never printed"
