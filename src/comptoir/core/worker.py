"""Task workers: the database worker (SQLite/PostgreSQL) or RQ on Redis, plus the scheduler.

Whatever the backend, each worker process also runs a small ``SchedulerLoop`` thread that
records the process's heartbeat and enqueues due periodic jobs (see ``scheduler.py``).
"""

from __future__ import annotations

import logging
import os
import socket
import threading
import uuid
from typing import Any

from django.conf import settings
from django.db import close_old_connections
from django.utils import timezone

from comptoir.core import scheduler
from comptoir.core.models import WorkerHeartbeat

logger = logging.getLogger(__name__)


def new_worker_id() -> str:
    return f"{socket.gethostname()[:40]}-{os.getpid()}-{uuid.uuid4().hex[:8]}"


class SchedulerLoop(threading.Thread):
    """Every tick: refresh this process's heartbeat, then enqueue due periodic jobs."""

    def __init__(self, worker_id: str, interval: float | None = None) -> None:
        super().__init__(name="comptoir-scheduler", daemon=True)
        self.worker_id = worker_id
        self.interval = settings.SCHEDULER_TICK_SECONDS if interval is None else interval
        self.stopping = threading.Event()
        self.started_at = timezone.now()

    def beat(self) -> None:
        WorkerHeartbeat.objects.update_or_create(
            worker_id=self.worker_id,
            defaults={
                "hostname": socket.gethostname()[:255],
                "pid": os.getpid(),
                "backend": settings.TASKS_BACKEND,
                "started_at": self.started_at,
                "last_seen_at": timezone.now(),
            },
        )

    def run(self) -> None:
        while not self.stopping.is_set():
            try:
                close_old_connections()
                self.beat()
                scheduler.tick(self.worker_id)
            except Exception:  # a bad tick must not kill the worker; the next one retries
                logger.exception("Scheduler tick failed")
            finally:
                close_old_connections()
            self.stopping.wait(self.interval)

    def stop(self) -> None:
        self.stopping.set()


def database_worker(worker_id: str, interval: float = 1.0) -> Any:
    """The django-tasks-db worker, ready to ``run()`` (in this thread or another)."""
    from django_tasks_db.management.commands.db_worker import Worker

    return Worker(
        queue_names=list(settings.TASK_QUEUES),
        interval=interval,
        batch=False,
        backend_name="default",
        startup_delay=False,
        max_tasks=None,
        worker_id=worker_id[:64],
        excluded_queue_names=[],
    )


def run_rq_worker(worker_id: str, *, burst: bool = False) -> None:
    """Run an RQ worker in this process until it is told to stop (SIGTERM/SIGINT)."""
    import django_rq

    worker = django_rq.get_worker(
        *settings.TASK_QUEUES,
        job_class="django_tasks_rq.Job",
        # Jobs run in the worker process itself, so they share its Django set-up and
        # database connections are managed like in any other Django process.
        worker_class="rq.worker.SimpleWorker",
        name=worker_id,
    )
    worker.work(burst=burst, with_scheduler=True, logging_level="WARNING")


def run_worker(*, burst: bool = False) -> None:
    """What ``comptoir worker`` does: scheduler thread plus the configured task worker."""
    worker_id = new_worker_id()
    loop = SchedulerLoop(worker_id)
    loop.start()
    logger.info("Worker %s started (%s backend)", worker_id, settings.TASKS_BACKEND)
    try:
        if settings.TASKS_BACKEND == "rq":
            run_rq_worker(worker_id, burst=burst)
        else:
            worker = database_worker(worker_id)
            worker.batch = burst
            worker.configure_signals()
            worker.run()
    finally:
        loop.stop()
