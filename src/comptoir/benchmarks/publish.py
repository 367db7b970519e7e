"""``comptoir bench publish``: the exactly-once promise under load, faults and SIGKILL.

N posts fall due within one minute on the recording network, which fails, rate-limits
and times out after accepting; W real worker processes publish them while K of them are
killed with SIGKILL at random moments (and restarted). The network's own record is the
judge: a post it accepted twice is a duplicate; a post neither published nor reported
failed to a person is lost.
"""

from __future__ import annotations

import os
import random
import signal
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import asdict, dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit, urlunsplit

from comptoir.core.progress import ProgressBar

WARM_UP_SECONDS = 8


@dataclass
class PublishBenchResult:
    posts: int
    published_once: int
    duplicates: int
    lost: int
    failed_reported: int
    p50_lateness_s: float
    p99_lateness_s: float
    backend: str
    workers: int
    kills: int
    seconds: float

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)

    def summary(self) -> str:
        return (
            f"publish: {self.posts} posts, {self.published_once} published once, "
            f"{self.duplicates} duplicates, {self.lost} lost, {self.failed_reported} reported "
            f"failed; lateness p50 {self.p50_lateness_s:.2f} s, p99 {self.p99_lateness_s:.2f} s "
            f"({self.backend}, {self.workers} workers, {self.kills} kills, {self.seconds:.0f} s)"
        )


def bench_redis_url(redis_url: str) -> str:
    """The same Redis server, database number 13: the benchmark empties it, never yours."""
    parts = urlsplit(redis_url)
    return urlunsplit((parts.scheme, parts.netloc, "/13", parts.query, parts.fragment))


def bench_environment(backend: str, database_url: str | None, redis_url: str) -> dict[str, str]:
    """The environment of the benchmark's own database and queue, apart from real data."""
    folder = tempfile.mkdtemp(prefix="comptoir-bench-")
    env = dict(os.environ)
    env.update(
        COMPTOIR_DATA_DIR=folder,
        DATABASE_URL=database_url or f"sqlite:///{Path(folder) / 'bench.sqlite3'}",
        COMPTOIR_TASKS=backend,
        REDIS_URL=bench_redis_url(redis_url),
        COMPTOIR_SCHEDULER_TICK="1",
        COMPTOIR_LOG_LEVEL="ERROR",
        COMPTOIR_BENCH_INSIDE="1",
    )
    return env


def run_inside(options: dict[str, Any]) -> PublishBenchResult:
    """The benchmark proper, in a process whose default database is the benchmark's."""
    from django.core.management import call_command

    from comptoir.benchmarks.recording import Faults, RecordingServer

    call_command("migrate", interactive=False, verbosity=0)
    flush_queue(options["backend"])
    rng = random.Random(options["seed"])
    faults = Faults()
    with RecordingServer(faults, options["seed"]) as network:
        start = datetime.now(UTC) + timedelta(seconds=WARM_UP_SECONDS)
        due = seed_posts(options["posts"], network.url, start, rng, options["spread"])
        began = time.monotonic()
        pool = WorkerPool(options["workers"])
        try:
            pool.start()
            wait_and_kill(pool, due, start, options["kills"], rng, options["spread"])
        finally:
            pool.stop()
        return measure(due, network.state, options, time.monotonic() - began)


def flush_queue(backend: str) -> None:
    if backend == "rq":
        import django_rq

        django_rq.get_connection("default").flushdb()


def seed_posts(
    count: int, server_url: str, start: datetime, rng: random.Random, spread: float
) -> dict[str, datetime]:
    """N posts due over one minute from ``start``; returns due time by unique text."""
    from comptoir.networks.models import ConnectedAccount
    from comptoir.publishing.models import Post, PostStatus, PostTarget
    from comptoir.workspaces.models import Workspace

    workspace = Workspace.objects.create(name=f"Bench {start:%H%M%S}")
    account = ConnectedAccount(
        workspace=workspace,
        network="recording",
        remote_id="bench",
        handle="bench",
        server_url=server_url,
    )
    account.credentials = {"timeout": 1.0}
    account.save()
    dues = sorted(start + timedelta(seconds=rng.uniform(0, spread)) for _ in range(count))
    posts = Post.objects.bulk_create(
        Post(
            workspace=workspace,
            text=f"Bench post {i}",
            networks=["recording"],
            status=PostStatus.SCHEDULED,
            scheduled_at=dues[i],
        )
        for i in range(count)
    )
    PostTarget.objects.bulk_create(
        PostTarget(
            workspace=workspace,
            post=post,
            account=account,
            text=post.text,
            due_at=dues[i],
            idempotency_key=f"bench-{start:%H%M%S}-{i}",
        )
        for i, post in enumerate(posts)
    )
    return {post.text: post.scheduled_at for post in posts if post.scheduled_at}


class WorkerPool:
    """W ``comptoir worker`` processes; any can be killed and is replaced at once."""

    def __init__(self, size: int) -> None:
        self.size = size
        self.processes: list[subprocess.Popen[bytes]] = []

    def spawn(self) -> subprocess.Popen[bytes]:
        return subprocess.Popen(
            [sys.executable, "-m", "comptoir", "worker"],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )

    def start(self) -> None:
        self.processes = [self.spawn() for _ in range(self.size)]

    def kill_one(self, rng: random.Random) -> None:
        index = rng.randrange(len(self.processes))
        self.processes[index].send_signal(signal.SIGKILL)
        self.processes[index].wait()
        self.processes[index] = self.spawn()

    def stop(self) -> None:
        for process in self.processes:
            process.terminate()
        for process in self.processes:
            try:
                process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                process.kill()


def wait_and_kill(
    pool: WorkerPool,
    due: dict[str, datetime],
    start: datetime,
    kills: int,
    rng: random.Random,
    spread: float,
) -> None:
    from comptoir.publishing.models import FINAL_STATUSES, PostTarget

    first_kill = start.timestamp()
    kill_times = sorted(first_kill + rng.uniform(0, spread) for _ in range(kills))
    deadline = time.time() + WARM_UP_SECONDS + spread + 240
    progress = ProgressBar(len(due), "publishing")
    while time.time() < deadline:
        while kill_times and time.time() >= kill_times[0]:
            kill_times.pop(0)
            pool.kill_one(rng)
        done = PostTarget.objects.filter(status__in=FINAL_STATUSES).count()
        progress.update(done, f"kills left {len(kill_times)}")
        if done >= len(due) and not kill_times:
            break
        time.sleep(0.5)
    progress.close()


def measure(
    due: dict[str, datetime], state: Any, options: dict[str, Any], seconds: float
) -> PublishBenchResult:
    from comptoir.publishing.models import PostTarget, TargetStatus

    accepted: dict[str, list[float]] = {}
    for record in state.posts:
        accepted.setdefault(record.text, []).append(record.at)
    statuses = dict(PostTarget.objects.values_list("text", "status"))
    once = duplicates = lost = failed = 0
    lateness = []
    for text, due_at in due.items():
        times = accepted.get(text, [])
        status = statuses.get(text)
        if len(times) > 1:
            duplicates += 1
        if times:
            if len(times) == 1:
                once += 1
            lateness.append(max(0.0, min(times) - due_at.timestamp()))
            if status != TargetStatus.PUBLISHED and status not in (TargetStatus.NEEDS_CHECK,):
                # On the network but not recorded as published: the person is misinformed.
                lost += status != TargetStatus.FAILED
        elif status in (TargetStatus.FAILED, TargetStatus.NEEDS_CHECK):
            failed += 1
        else:
            lost += 1
    quantiles = statistics.quantiles(lateness, n=100) if len(lateness) >= 2 else [0.0] * 99
    return PublishBenchResult(
        posts=len(due),
        published_once=once,
        duplicates=duplicates,
        lost=lost,
        failed_reported=failed,
        p50_lateness_s=round(statistics.median(lateness or [0.0]), 3),
        p99_lateness_s=round(quantiles[98], 3),
        backend=options["backend"],
        workers=options["workers"],
        kills=options["kills"],
        seconds=round(seconds, 1),
    )
