"""Tasks run by real worker processes in the tests; each leaves a line in a shared file.

The file is named by COMPTOIR_TEST_RECORD (set by the test on the workers it starts).
Lines are appended with O_APPEND in one write each, so lines from concurrent processes
never interleave.
"""

from __future__ import annotations

import os
import time
from pathlib import Path

from django_tasks import task


def write_line(*fields: str) -> None:
    line = " ".join(fields) + "\n"
    fd = os.open(os.environ["COMPTOIR_TEST_RECORD"], os.O_WRONLY | os.O_APPEND | os.O_CREAT)
    try:
        os.write(fd, line.encode())
    finally:
        os.close(fd)


@task()
def test_every_second_a(occurrence: str) -> None:
    write_line("test_every_second_a", occurrence, str(os.getpid()))


@task()
def test_every_second_b(occurrence: str) -> None:
    write_line("test_every_second_b", occurrence, str(os.getpid()))


@task()
def test_every_second_c(occurrence: str) -> None:
    write_line("test_every_second_c", occurrence, str(os.getpid()))


@task()
def note(number: int) -> int:
    """Record which process ran task ``number``."""
    write_line("note", str(number), str(os.getpid()))
    return os.getpid()


@task()
def rendezvous(folder: str, expected: int, deadline_seconds: float = 60.0) -> list[int]:
    """Wait until ``expected`` different processes are inside this task at the same time.

    It can only finish if that many workers run it concurrently: one worker taking several
    of these tasks in turn would wait for itself until the deadline and fail.
    """
    here = Path(folder)
    (here / str(os.getpid())).touch()
    deadline = time.monotonic() + deadline_seconds
    while time.monotonic() < deadline:
        present = sorted(int(path.name) for path in here.iterdir())
        if len(present) >= expected:
            return present
        time.sleep(0.05)
    raise TimeoutError(f"only {len(list(here.iterdir()))} of {expected} workers came")
