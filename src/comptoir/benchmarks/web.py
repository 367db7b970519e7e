"""``comptoir bench web``: how fast the inbox answers on a workspace of N messages.

The command seeds (or reuses) a workspace of N messages (:mod:`webseed`), starts the
real web server (``comptoir run``: waitress, as in production) in a child process on the
benchmark's database, and C client threads request, over keep-alive HTTP, four pages in
turn: the inbox, a filtered inbox, a full-text search and a conversation page. Every
answer must be 200; the time of each request is measured by its client, from the first
byte sent to the last byte read. The pages are first requested by one client alone (the
server's own time per page), then by the C clients at once (what people wait when the
team works together).
"""

from __future__ import annotations

import http.client
import os
import random
import socket
import statistics
import subprocess
import sys
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

from comptoir.benchmarks.webseed import FRENCH, NETWORKS, Seeded

PAGES = ("list", "filtered", "search", "conversation")
SERVER_THREADS = 8
# One server process per core, as docs/deployment.md advises for a busy server.
SERVER_PROCESSES = os.cpu_count() or 1
START_TIMEOUT = 120.0


@dataclass
class WebBenchResult:
    messages: int
    conversations: int
    database: str
    clients: int
    requests: int
    seed_seconds: float
    reused: bool
    p50_ms: float
    p95_ms: float
    by_page: dict[str, dict[str, float]] = field(default_factory=dict)
    # The same pages requested by one client at a time: the server's own time per page,
    # without waiting behind other requests.
    one_client: dict[str, dict[str, float]] = field(default_factory=dict)

    def as_dict(self) -> dict[str, Any]:
        return {
            "messages": self.messages,
            "conversations": self.conversations,
            "database": self.database,
            "clients": self.clients,
            "requests": self.requests,
            "seed_seconds": self.seed_seconds,
            "reused_seed": self.reused,
            "p50_ms": self.p50_ms,
            "p95_ms": self.p95_ms,
            "by_page": self.by_page,
            "one_client": self.one_client,
        }

    def summary(self) -> str:
        pages = ", ".join(
            f"{name} p50 {s['p50_ms']:.0f} / p95 {s['p95_ms']:.0f} ms"
            for name, s in self.by_page.items()
        )
        return (
            f"web: {self.messages} messages ({self.conversations} conversations) on "
            f"{self.database}, {self.clients} clients, {self.requests} requests: "
            f"p50 {self.p50_ms:.0f} ms, p95 {self.p95_ms:.0f} ms ({pages})"
        )


def default_database_url(data_dir: Path) -> str:
    """A SQLite file kept between runs, so that re-runs reuse the seeded inbox."""
    folder = data_dir / "bench"
    folder.mkdir(parents=True, exist_ok=True)
    return f"sqlite:///{folder / 'web.sqlite3'}"


def bench_environment(database_url: str) -> dict[str, str]:
    env = dict(os.environ)
    env.update(
        DATABASE_URL=database_url,
        COMPTOIR_LOG_LEVEL="ERROR",
        COMPTOIR_BENCH_INSIDE="1",
        COMPTOIR_TASKS="immediate",
    )
    return env


def run_inside(options: dict[str, Any]) -> WebBenchResult:
    """The benchmark proper, in a process whose default database is the benchmark's."""
    from django.core.management import call_command
    from django.db import connection

    from comptoir.benchmarks import webseed

    call_command("migrate", interactive=False, verbosity=0)
    seeded = webseed.seed(options["messages"])
    targets = Targets.build(seeded)
    cookie = session_cookie(seeded.user_email)
    database = connection.vendor
    connection.close()
    with Server() as server:
        alone = load(server.port, cookie, targets, 1, options["requests"])
        timings = load(server.port, cookie, targets, options["clients"], options["requests"])
    result = summarise(seeded, database, options["clients"], timings)
    result.one_client = page_figures(alone)
    return result


@dataclass
class Targets:
    """The addresses the clients request, chosen from the seeded data."""

    slug: str
    conversation_ids: list[int]
    members: list[int]

    @classmethod
    def build(cls, seeded: Seeded) -> Targets:
        from comptoir.inbox.models import Conversation
        from comptoir.workspaces.models import Membership

        conversations = Conversation.objects.filter(workspace__slug=seeded.workspace_slug)
        ids = list(conversations.order_by("-last_message_at").values_list("pk", flat=True)[:500])
        members = list(
            Membership.objects.filter(workspace__slug=seeded.workspace_slug).values_list(
                "pk", flat=True
            )
        )
        return cls(seeded.workspace_slug, ids, members)

    def path(self, page: str, rng: random.Random) -> str:
        base = f"/w/{self.slug}/inbox/"
        if page == "list":
            return base + (f"?page={rng.randint(2, 4)}" if rng.random() < 0.3 else "")
        if page == "filtered":
            params = {
                "network": rng.choice(NETWORKS),
                "sentiment": rng.choice(("negative", "positive", "neutral")),
            }
            if rng.random() < 0.5:
                params["assignee"] = str(rng.choice(self.members))
            return base + "?" + urlencode(params)
        if page == "search":
            return base + "?" + urlencode({"q": rng.choice(FRENCH)})
        return f"{base}{rng.choice(self.conversation_ids)}/"


def session_cookie(email: str) -> str:
    """A signed-in session for the benchmark's user, as a Cookie header."""
    from django.conf import settings
    from django.test import Client

    from comptoir.accounts.models import User

    client = Client()
    client.force_login(
        User.objects.get(email=email), backend="django.contrib.auth.backends.ModelBackend"
    )
    name = settings.SESSION_COOKIE_NAME
    return f"{name}={client.cookies[name].value}"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


class Server:
    """``comptoir run`` on a free port, serving pages only, stopped on exit."""

    def __init__(self) -> None:
        self.port = free_port()
        self.process: subprocess.Popen[bytes] | None = None

    def __enter__(self) -> Server:
        self.process = subprocess.Popen(  # noqa: S603 - our own interpreter and command
            [
                sys.executable,
                "-m",
                "comptoir",
                "run",
                "--no-worker",
                "--no-demo",
                "--port",
                str(self.port),
                "--threads",
                str(SERVER_THREADS),
                "--processes",
                str(SERVER_PROCESSES),
            ],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        deadline = time.monotonic() + START_TIMEOUT
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError("the web server stopped at start-up")
            try:
                with socket.create_connection(("127.0.0.1", self.port), timeout=1):
                    return self
            except OSError:
                time.sleep(0.2)
        raise RuntimeError("the web server did not start")

    def __exit__(self, *exc: object) -> None:
        if self.process is not None:
            self.process.terminate()
            try:
                self.process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()


Timings = dict[str, list[float]]


def load(port: int, cookie: str, targets: Targets, clients: int, rounds: int) -> Timings:
    """C clients each requesting every page ``rounds`` times (after one warm-up round)."""
    timings: Timings = {page: [] for page in PAGES}
    failures: list[str] = []
    lock = threading.Lock()

    def client(number: int) -> None:
        rng = random.Random(number)
        connection = http.client.HTTPConnection("127.0.0.1", port, timeout=120)
        headers = {"Cookie": cookie, "Accept-Language": "fr"}
        try:
            for round_number in range(rounds + 1):
                pages = list(PAGES)
                rng.shuffle(pages)
                for page in pages:
                    path = targets.path(page, rng)
                    began = time.perf_counter()
                    connection.request("GET", path, headers=headers)
                    response = connection.getresponse()
                    response.read()
                    elapsed = (time.perf_counter() - began) * 1000
                    with lock:
                        if response.status != 200:
                            failures.append(f"{response.status} {path}")
                        elif round_number:  # the first round only warms up
                            timings[page].append(elapsed)
        finally:
            connection.close()

    threads = [threading.Thread(target=client, args=(n,)) for n in range(clients)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    if failures:
        raise RuntimeError(f"{len(failures)} requests failed, first: {failures[0]}")
    return timings


def percentile(values: list[float], pct: int) -> float:
    if len(values) < 2:
        return round(values[0], 1) if values else 0.0
    return round(statistics.quantiles(values, n=100, method="inclusive")[pct - 1], 1)


def page_figures(timings: Timings) -> dict[str, dict[str, float]]:
    return {
        page: {
            "count": len(values),
            "p50_ms": percentile(values, 50),
            "p95_ms": percentile(values, 95),
            "max_ms": round(max(values), 1) if values else 0.0,
        }
        for page, values in timings.items()
    }


def summarise(seeded: Seeded, database: str, clients: int, timings: Timings) -> WebBenchResult:
    every = [t for values in timings.values() for t in values]
    by_page = page_figures(timings)
    return WebBenchResult(
        messages=seeded.messages,
        conversations=seeded.conversations,
        database=database,
        clients=clients,
        requests=len(every),
        seed_seconds=round(seeded.seconds, 1),
        reused=seeded.reused,
        p50_ms=percentile(every, 50),
        p95_ms=percentile(every, 95),
        by_page=by_page,
    )
