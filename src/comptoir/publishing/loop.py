"""The thread each worker runs to publish due posts without delay.

Periodic jobs tick every few seconds; publishing needs better: a post due at 10:00:00
should leave before 10:00:05. This loop keeps a batch of due posts on their way to the
networks, claiming more as soon as an answer frees a slot (twice a second when idle),
and sweeps for orphans every few seconds. Several workers run it at once safely (see engine.py).
"""

from __future__ import annotations

import logging
import threading
import time

from django.db import close_old_connections

from comptoir.publishing import engine

logger = logging.getLogger(__name__)


class PublishingLoop(threading.Thread):
    def __init__(self, interval: float = 0.5, sweep_every: float = 2.0) -> None:
        super().__init__(name="comptoir-publishing", daemon=True)
        self.interval = interval
        self.sweep_every = sweep_every
        self.stopping = threading.Event()

    def run(self) -> None:
        last_sweep = 0.0
        with engine.Publisher(engine.worker_name()) as publisher:
            while not self.stopping.is_set():
                try:
                    close_old_connections()
                    publisher.fill()
                    if time.monotonic() - last_sweep >= self.sweep_every:
                        engine.sweep()
                        last_sweep = time.monotonic()
                    if publisher.in_flight:  # back as soon as one answer frees a slot
                        publisher.settle(timeout=self.interval)
                    else:
                        self.stopping.wait(self.interval)
                except Exception:  # the next round retries; nothing is lost by skipping one
                    logger.exception("Publishing round failed")
                    self.stopping.wait(self.interval)
            close_old_connections()

    def stop(self) -> None:
        self.stopping.set()
