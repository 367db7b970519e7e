"""Start real ``comptoir`` processes against the test database, and wait for things.

Waiting always polls a condition until a deadline: the machines running the tests are
shared and their speed varies, so no test depends on how long something takes.
"""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any
from urllib.parse import quote

from django.conf import settings
from django.db import connection

from tests.conftest import TEST_REDIS_URL

REPOSITORY = Path(__file__).resolve().parents[2]
DEADLINE = 90.0  # seconds; only reached when something is broken


def wait_for(condition: Callable[[], Any], what: str, deadline: float = DEADLINE) -> Any:
    """Poll ``condition`` until it returns something true; fail after ``deadline`` seconds."""
    end = time.monotonic() + deadline
    while True:
        value = condition()
        if value:
            return value
        if time.monotonic() > end:
            raise AssertionError(f"Gave up waiting for {what}")
        time.sleep(0.1)


def database_url_of_tests() -> str:
    """DATABASE_URL for the database this test runs on (the test database)."""
    config = connection.settings_dict
    if connection.vendor == "sqlite":
        return f"sqlite:///{config['NAME']}"
    user = quote(config.get("USER") or "", safe="")
    password = quote(config.get("PASSWORD") or "", safe="")
    credentials = f"{user}:{password}@" if password else (f"{user}@" if user else "")
    host = config.get("HOST") or "127.0.0.1"
    port = config.get("PORT") or "5432"
    return f"postgres://{credentials}{host}:{port}/{quote(config['NAME'], safe='')}"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


class Processes:
    """The ``comptoir`` processes of one test, all stopped when the test ends."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.started: list[subprocess.Popen[bytes]] = []
        self.record = folder / "record.log"

    def environment(self, backend: str, **extra: str) -> dict[str, str]:
        environment = {
            **os.environ,
            "DATABASE_URL": database_url_of_tests(),
            "COMPTOIR_DATA_DIR": str(settings.DATA_DIR),
            "COMPTOIR_TASKS": backend,
            "REDIS_URL": TEST_REDIS_URL,
            "COMPTOIR_SCHEDULER_TICK": "0.1",
            "COMPTOIR_TEST_RECORD": str(self.record),
            "DJANGO_SETTINGS_MODULE": "tests.core.worker_settings",
            "PYTHONPATH": os.pathsep.join(
                filter(None, [str(REPOSITORY), os.environ.get("PYTHONPATH")])
            ),
            "PYTHONUNBUFFERED": "1",
        }
        environment.pop("DATABASE_URL_FILE", None)
        environment.pop("REDIS_URL_FILE", None)
        environment.update(extra)
        return environment

    def start(self, *arguments: str, backend: str, **extra: str) -> subprocess.Popen[bytes]:
        log = (self.folder / f"process-{len(self.started)}.log").open("wb")
        process = subprocess.Popen(  # noqa: S603
            [sys.executable, "-m", "comptoir", *arguments],
            env=self.environment(backend, **extra),
            stdout=log,
            stderr=subprocess.STDOUT,
            cwd=self.folder,
        )
        log.close()
        self.started.append(process)
        return process

    def workers(self, count: int, *, backend: str, **extra: str) -> list[subprocess.Popen[bytes]]:
        return [self.start("worker", backend=backend, **extra) for _ in range(count)]

    def output(self, process: subprocess.Popen[bytes]) -> str:
        index = self.started.index(process)
        return (self.folder / f"process-{index}.log").read_text(errors="replace")

    def all_output(self) -> str:
        return "\n".join(
            f"--- process {index} (exit {process.poll()})\n{self.output(process)}"
            for index, process in enumerate(self.started)
        )

    def stop(self, process: subprocess.Popen[bytes], sig: int = signal.SIGTERM) -> int:
        if process.poll() is None:
            process.send_signal(sig)
        try:
            return process.wait(timeout=DEADLINE)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
            raise AssertionError(f"process did not stop:\n{self.output(process)}") from None

    def wait(self, process: subprocess.Popen[bytes]) -> int:
        """Wait for a process that stops by itself; its exit code."""
        try:
            return process.wait(timeout=DEADLINE)
        except subprocess.TimeoutExpired:
            raise AssertionError(f"process did not finish:\n{self.output(process)}") from None

    def stop_all(self) -> None:
        for process in self.started:
            if process.poll() is None:
                process.send_signal(signal.SIGTERM)
        for process in self.started:
            try:
                process.wait(timeout=DEADLINE)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()

    def recorded(self) -> list[list[str]]:
        if not self.record.exists():
            return []
        return [line.split() for line in self.record.read_text().splitlines() if line]
