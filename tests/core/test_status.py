"""The status page and /health/: workers alive or not, queue, scheduler, database, version."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.db import OperationalError, connection
from django.urls import reverse
from django.utils import timezone

from comptoir import __version__
from comptoir.core.models import PeriodicJob, WorkerHeartbeat
from comptoir.core.status import collect_status, describe_interval
from comptoir.core.tasks import ping
from tests.conftest import TEST_REDIS_URL


@pytest.fixture
def database_queue(settings):
    settings.TASKS_BACKEND = "db"
    settings.SCHEDULER_TICK_SECONDS = 5
    settings.TASKS = {
        "default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}
    }


def heartbeat(name: str, seconds_ago: float, pid: int = 100) -> WorkerHeartbeat:
    seen = timezone.now() - timedelta(seconds=seconds_ago)
    return WorkerHeartbeat.objects.create(
        worker_id=name,
        hostname=f"host-{name}",
        pid=pid,
        backend="db",
        started_at=seen - timedelta(hours=1),
        last_seen_at=seen,
    )


@pytest.mark.django_db
def test_worker_silent_for_three_ticks_is_not_alive(database_queue):
    heartbeat("fresh", seconds_ago=2, pid=1)
    heartbeat("silent", seconds_ago=16, pid=2)
    report = collect_status()
    assert {(state.heartbeat.pid, state.alive) for state in report.workers} == {
        (1, True),
        (2, False),
    }
    assert report.alive_workers == 1


@pytest.mark.django_db
def test_each_worker_shows_the_live_streams_it_holds(database_queue):
    from comptoir.inbox import leases
    from comptoir.networks import actions
    from comptoir.networks.sandbox.connector import SandboxConnector
    from tests.factories import WorkspaceFactory

    heartbeat("streaming", seconds_ago=1, pid=1)
    heartbeat("idle", seconds_ago=1, pid=2)
    workspace = WorkspaceFactory()
    for name in ("Boulangerie", "Fromagerie", "Primeur"):
        info = SandboxConnector.connect({"display_name": name})
        account = actions.save_connection(workspace, "sandbox", info, None)
        leases.claim(account.pk, "streaming", 30)
    leases.claim(account.pk, "streaming", -1)  # the last one expired: no longer held
    report = collect_status()
    assert {(state.heartbeat.pid, state.streams) for state in report.workers} == {(1, 2), (2, 0)}


@pytest.mark.django_db
def test_queue_depth_counts_tasks_waiting(database_queue):
    assert collect_status().queue_depth == 0
    for _ in range(3):
        ping.enqueue("x")
    assert collect_status().queue_depth == 3


def test_queue_depth_on_redis(settings, redis_db):
    settings.TASKS_BACKEND = "rq"
    settings.RQ_QUEUES = {"default": {"URL": TEST_REDIS_URL}}
    settings.TASKS = {"default": {"BACKEND": "django_tasks_rq.RQBackend", "QUEUES": ["default"]}}
    from comptoir.core.status import queue_depth

    assert queue_depth() == 0
    ping.enqueue("x")
    ping.enqueue("y")
    assert queue_depth() == 2


def test_unreachable_redis_leaves_the_depth_unknown(settings):
    settings.TASKS_BACKEND = "rq"
    settings.RQ_QUEUES = {"default": {"URL": "redis://127.0.0.1:1/0"}}
    from comptoir.core.status import queue_depth

    assert queue_depth() is None


@pytest.mark.django_db
def test_status_page_in_french(owner_client, database_queue):
    heartbeat("fresh", seconds_ago=1, pid=4242)
    heartbeat("silent", seconds_ago=600, pid=4343)
    PeriodicJob.objects.create(
        name="prune_task_results",
        interval_seconds=6 * 3600,
        next_run_at=timezone.now() + timedelta(hours=5),
        last_run_at=timezone.now() - timedelta(hours=1),
        runs=12,
    )
    ping.enqueue("x")

    response = owner_client.get(reverse("status"), HTTP_ACCEPT_LANGUAGE="fr")

    assert response.status_code == 200
    page = response.content.decode()
    assert "État du système" in page
    assert __version__ in page
    assert "1 tâche en attente" in page
    assert "1 worker actif" in page
    assert "4242" in page and "4343" in page
    assert "ne répond plus" in page
    apostrophe = "\N{RIGHT SINGLE QUOTATION MARK}"
    assert f"Oublier les tâches terminées depuis plus d{apostrophe}une semaine" in page
    assert "6 heures" in page
    assert "SQLite" in page or "PostgreSQL" in page


@pytest.mark.django_db
def test_status_page_in_english(client, user, database_queue):
    user.language = "en"
    user.save()
    client.force_login(user)
    response = client.get(reverse("status"), HTTP_ACCEPT_LANGUAGE="en")
    page = response.content.decode()
    assert "System status" in page
    assert "no worker is running" in page
    assert "No worker has reported yet" in page


@pytest.mark.django_db
def test_late_job_is_flagged(owner_client, database_queue):
    PeriodicJob.objects.create(
        name="forget_dead_workers",
        interval_seconds=3600,
        next_run_at=timezone.now() - timedelta(minutes=5),
    )
    report = collect_status()
    assert [state.late for state in report.jobs] == [True]
    assert report.as_json()["periodic_jobs_late"] == ["forget_dead_workers"]


@pytest.mark.django_db
def test_status_page_needs_a_signed_in_user(client):
    response = client.get(reverse("status"))
    assert response.status_code == 302
    assert reverse("accounts:login") in response["Location"]


@pytest.mark.django_db
def test_health_without_worker_is_degraded_but_answers(client, database_queue):
    response = client.get(reverse("health"))
    assert response.status_code == 200
    assert response["Cache-Control"].startswith("max-age=0")
    data = response.json()
    assert data["status"] == "degraded"
    assert data["database"] is True
    assert data["version"] == __version__
    assert data["workers_alive"] == 0
    assert data["queue_depth"] == 0


@pytest.mark.django_db
def test_health_with_a_worker_is_ok(client, database_queue):
    heartbeat("fresh", seconds_ago=1)
    heartbeat("silent", seconds_ago=600)
    job = PeriodicJob.objects.create(
        name="forget_dead_workers",
        interval_seconds=3600,
        next_run_at=timezone.now() + timedelta(minutes=30),
        last_run_at=timezone.now() - timedelta(minutes=30),
    )
    data = client.get(reverse("health")).json()
    assert data["status"] == "ok"
    assert (data["workers_alive"], data["workers_dead"]) == (1, 1)
    assert data["last_scheduler_run"] == job.last_run_at.isoformat()


@pytest.mark.django_db
def test_health_answers_503_when_the_database_is_down(client, monkeypatch):
    def refuse(*args, **kwargs):
        raise OperationalError("connection refused")

    monkeypatch.setattr(connection, "cursor", refuse)
    response = client.get(reverse("health"))
    assert response.status_code == 503
    assert response.json()["status"] == "down"
    assert response.json()["database"] is False


@pytest.mark.parametrize(
    ("seconds", "text"),
    [(1, "1 second"), (45, "45 seconds"), (120, "2 minutes"), (3600, "1 hour"), (86400, "1 day")],
)
def test_intervals_read_naturally(seconds, text):
    from django.utils import translation

    with translation.override("en"):
        assert describe_interval(seconds) == text
