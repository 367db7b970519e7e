"""Task workers: the database worker (SQLite/PostgreSQL) or RQ on Redis, plus the scheduler.

Whatever the backend, each worker process also runs a small ``SchedulerLoop`` thread that
records the process's heartbeat and enqueues due periodic jobs (see ``scheduler.py``).
Start as many worker processes as you like, on one machine or several: they share the
queue and the schedule through the database (and Redis with RQ).
"""

from __future__ import annotations

import logging
import os
import signal
import socket
import threading
import time
import uuid
from typing import Any

from django.conf import settings
from django.db import OperationalError, close_old_connections
from django.utils import timezone

from comptoir.core import scheduler
from comptoir.core.models import WorkerHeartbeat
from comptoir.inbox.streaming import StreamingLoop
from comptoir.publishing.loop import PublishingLoop

logger = logging.getLogger(__name__)

# Set by ``comptoir run`` on the worker it starts, so that worker stops with it.
PARENT_PID_VARIABLE = "COMPTOIR_WORKER_PARENT_PID"


def new_worker_id() -> str:
    return f"{socket.gethostname()[:40]}-{os.getpid()}-{uuid.uuid4().hex[:8]}"


def poll_interval() -> float:
    """How long an idle database worker waits before looking at the queue again."""
    return min(1.0, settings.SCHEDULER_TICK_SECONDS)


class DeferredRQJobs:
    """Moves RQ jobs deferred with ``run_after`` into their queue once they are due.

    RQ's own worker would fork a separate process for this, which inherits the worker's
    database connections and outlives a worker killed with SIGKILL. Here RQ's scheduler
    runs in the ``SchedulerLoop`` thread instead: one worker at a time holds RQ's lock
    (refreshed every tick, released on stop, expiring a minute after a crash).
    """

    def __init__(self, worker_id: str) -> None:
        import django_rq
        from rq.scheduler import RQScheduler

        self.scheduler: Any = RQScheduler(
            list(settings.TASK_QUEUES),
            connection=django_rq.get_connection(settings.TASK_QUEUES[0]),
            interval=max(1, round(settings.SCHEDULER_TICK_SECONDS)),
            logging_level="WARNING",
            name=worker_id,
        )

    def tick(self) -> None:
        self.scheduler.acquire_locks()
        if self.scheduler.acquired_locks:
            self.scheduler.enqueue_scheduled_jobs()

    def stop(self) -> None:
        self.scheduler.release_locks()


class SchedulerLoop(threading.Thread):
    """Every tick: refresh this process's heartbeat, then enqueue due periodic jobs."""

    def __init__(
        self, worker_id: str, interval: float | None = None, *, parent_pid: int | None = None
    ) -> None:
        super().__init__(name="comptoir-scheduler", daemon=True)
        self.worker_id = worker_id
        self.interval = settings.SCHEDULER_TICK_SECONDS if interval is None else interval
        self.parent_pid = parent_pid
        self.stopping = threading.Event()
        self.started_at = timezone.now()
        self.deferred = DeferredRQJobs(worker_id) if settings.TASKS_BACKEND == "rq" else None
        # Due posts cannot wait for the next tick: they get a faster loop of their own.
        self.publishing = PublishingLoop()
        # Accounts' live streams, so new messages need not wait for the next poll.
        self.streaming = StreamingLoop(worker_id)

    def start(self) -> None:
        super().start()
        self.publishing.start()
        self.streaming.start()

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

    def orphaned(self) -> bool:
        """True when the ``comptoir run`` that started this worker has gone away."""
        return self.parent_pid is not None and os.getppid() != self.parent_pid

    def run(self) -> None:
        while not self.stopping.is_set():
            if self.orphaned():
                logger.warning("The web server that started this worker is gone: stopping.")
                # The task worker owns the main thread; a SIGTERM stops it gracefully.
                os.kill(os.getpid(), signal.SIGTERM)
                return
            try:
                close_old_connections()
                self.beat()
                scheduler.tick(self.worker_id)
                if self.deferred:
                    self.deferred.tick()
            except Exception:  # a bad tick must not kill the worker; the next one retries
                logger.exception("Scheduler tick failed")
            finally:
                close_old_connections()
            self.stopping.wait(self.interval)

    def stop(self) -> None:
        """Stop ticking and forget this worker's heartbeat: it is stopped, not dead."""
        self.stopping.set()
        self.publishing.stop()
        self.streaming.stop()
        # Posts on their way to a network are let finish, so their outcome is recorded.
        for thread in (self, self.publishing, self.streaming):
            if thread.is_alive():
                thread.join(timeout=max(30.0, 3 * self.interval))
        try:
            if self.deferred:
                self.deferred.stop()
            self.sign_off()
        except Exception:  # the database or Redis may be what is going away
            logger.warning("Could not sign off worker %s", self.worker_id)
        finally:
            close_old_connections()

    def sign_off(self, attempts: int = 3) -> None:
        """Delete the heartbeat; a database busy with other workers gets a second chance."""
        for attempt in range(attempts):
            try:
                WorkerHeartbeat.objects.filter(worker_id=self.worker_id).delete()
                return
            except OperationalError:
                if attempt == attempts - 1:
                    raise
                close_old_connections()
                time.sleep(0.5)


def database_worker(worker_id: str, *, burst: bool = False) -> Any:
    """The django-tasks-db worker, ready to ``run()`` (in this thread or another)."""
    from django_tasks_db.management.commands.db_worker import Worker

    class GracefulWorker(Worker):
        """Stops at the end of its loop turn on SIGTERM/SIGINT, never in the middle of one.

        The library's handler exits at once when no task is running, which can land
        inside its claim transaction and leave the connection in it: the heartbeat's
        sign-off would then be rolled back with that transaction at exit. A second signal
        still stops the worker at once.
        """

        def shutdown(self, signum: int, frame: Any) -> None:
            if not self.running:
                super().shutdown(signum, frame)
            logger.info("Received %s: stopping after this turn.", signal.strsignal(signum))
            self.running = False

    return GracefulWorker(
        queue_names=list(settings.TASK_QUEUES),
        interval=poll_interval(),
        batch=burst,
        backend_name="default",
        startup_delay=False,
        max_tasks=None,
        worker_id=worker_id[:64],
        excluded_queue_names=[],
    )


def rq_worker_class() -> type[Any]:
    from rq.worker import SimpleWorker

    class DjangoSimpleWorker(SimpleWorker):
        """Runs jobs in the worker process itself, like the database worker.

        Jobs share the process's Django set-up; connections are checked around each job,
        as Django does around each request, so a restarted database is reconnected to.
        """

        def execute_job(self, *args: Any, **kwargs: Any) -> Any:
            close_old_connections()
            try:
                return super().execute_job(*args, **kwargs)
            finally:
                close_old_connections()

    return DjangoSimpleWorker


def run_rq_worker(worker_id: str, *, burst: bool = False) -> None:
    """Run an RQ worker in this process until it is told to stop (SIGTERM/SIGINT)."""
    import django_rq

    worker = django_rq.get_worker(
        *settings.TASK_QUEUES,
        job_class="django_tasks_rq.Job",
        worker_class=rq_worker_class(),
        name=worker_id,
    )
    # No with_scheduler: deferred jobs are handled by DeferredRQJobs in the SchedulerLoop.
    worker.work(burst=burst, logging_level="WARNING")


def run_worker(*, burst: bool = False) -> None:
    """What ``comptoir worker`` does: scheduler thread plus the configured task worker."""
    worker_id = new_worker_id()
    parent = os.environ.get(PARENT_PID_VARIABLE)
    loop = SchedulerLoop(worker_id, parent_pid=int(parent) if parent else None)
    loop.beat()
    loop.start()
    logger.info("Worker %s started (%s backend)", worker_id, settings.TASKS_BACKEND)
    try:
        if settings.TASKS_BACKEND == "rq":
            run_rq_worker(worker_id, burst=burst)
        else:
            worker = database_worker(worker_id, burst=burst)
            worker.configure_signals()
            worker.run()
    finally:
        loop.stop()
        logger.info("Worker %s stopped", worker_id)
