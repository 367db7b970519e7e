"""The thread each worker runs to publish due posts without delay.

Periodic jobs tick every few seconds; publishing needs better: a post due at 10:00:00
should leave before 10:00:05. This loop claims and publishes due posts, looking twice a
second when idle and at once again after a full batch, and sweeps for orphans every few
seconds. Several workers run it at once safely (see engine.py).
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
        worker = engine.worker_name()
        while not self.stopping.is_set():
            busy = False
            try:
                close_old_connections()
                busy = engine.publish_due(worker) == engine.BATCH_SIZE
                if time.monotonic() - last_sweep >= self.sweep_every:
                    engine.sweep()
                    last_sweep = time.monotonic()
            except Exception:  # the next round retries; nothing is lost by skipping one
                logger.exception("Publishing round failed")
            finally:
                close_old_connections()
            if not busy:  # a full batch means more are due: go on at once
                self.stopping.wait(self.interval)

    def stop(self) -> None:
        self.stopping.set()
