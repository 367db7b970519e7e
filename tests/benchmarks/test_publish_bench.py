"""The publishing benchmark runs end to end on a small load and finds no fault.

The full-size run (2,000 posts, 4 workers, 10 kills) is a benchmark, not a test; this one
proves the command and its bookkeeping work, with real worker processes and the
misbehaving recording network.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys

from django.conf import settings


def test_small_publishing_run_publishes_each_post_once():
    # The queue of this half of the suite: the database, or RQ on Redis.
    backend = "rq" if settings.TASKS_BACKEND == "rq" else "db"
    completed = subprocess.run(  # noqa: S603
        [
            sys.executable,
            "-m",
            "comptoir",
            "bench",
            "publish",
            "--posts",
            "40",
            "--workers",
            "2",
            "--kills",
            "0",
            "--spread",
            "3",
            "--backend",
            backend,
            "--json",
        ],
        capture_output=True,
        text=True,
        timeout=300,
        env=dict(os.environ),
        check=False,
    )
    assert completed.returncode == 0, completed.stderr[-3000:]
    result = json.loads(completed.stdout.strip().splitlines()[-1])
    assert result["posts"] == 40
    assert result["duplicates"] == 0
    assert result["lost"] == 0
    assert result["published_once"] + result["failed_reported"] == 40
