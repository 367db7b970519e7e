"""One plain progress bar on standard error, for every long command (training, benchmarks)."""

from __future__ import annotations

import sys
import time
from typing import IO


class ProgressBar:
    """``advance()`` one step at a time, or ``update(done)`` to a known count."""

    width = 30

    def __init__(self, total: int, label: str, stream: IO[str] | None = None) -> None:
        self.total = max(total, 1)
        self.label = label
        self.stream = stream if stream is not None else sys.stderr
        self.done = 0
        self.started = time.monotonic()
        self._shown = ""

    def advance(self, step: int = 1) -> None:
        self.update(self.done + step)
        if self.done >= self.total:
            self.close()

    def update(self, done: int, note: str = "") -> None:
        self.done = min(done, self.total)
        pct = self.done * 100 // self.total
        filled = pct * self.width // 100
        bar = "#" * filled + "." * (self.width - filled)
        elapsed = time.monotonic() - self.started
        line = f"\r[{bar}] {pct:3d}% {self.label} {self.done}/{self.total} {elapsed:.0f}s {note}"
        if line != self._shown:  # write only what changed, to keep logs short
            self._shown = line
            self.stream.write(line)
            self.stream.flush()

    def close(self) -> None:
        self.stream.write("\n")
        self.stream.flush()
