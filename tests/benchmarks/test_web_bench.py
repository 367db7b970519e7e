"""The web benchmark seeds an inbox, serves it with the real server and times four pages.

The full-size run (a million messages) is a benchmark, not a test; this one proves the
command works end to end on a tiny inbox, and that a second run reuses the seeded data.
"""

from __future__ import annotations

import json
import os
import sqlite3
import subprocess
import sys


def bench(database: str) -> dict:
    completed = subprocess.run(  # noqa: S603
        [
            sys.executable,
            "-m",
            "comptoir",
            "bench",
            "web",
            "--messages",
            "150",
            "--clients",
            "2",
            "--requests",
            "2",
            "--database-url",
            f"sqlite:///{database}",
            "--json",
        ],
        capture_output=True,
        text=True,
        timeout=600,
        env=dict(os.environ),
        check=False,
    )
    assert completed.returncode == 0, completed.stderr[-3000:]
    result: dict = json.loads(completed.stdout.strip().splitlines()[-1])
    return result


def test_a_tiny_inbox_is_seeded_served_and_timed(tmp_path):
    database = tmp_path / "web.sqlite3"
    first = bench(database)
    assert first["messages"] == 150
    assert first["reused_seed"] is False
    assert set(first["by_page"]) == {"list", "filtered", "search", "conversation"}
    for page in first["by_page"].values():
        assert page["count"] == 4  # 2 clients x 2 rounds, the warm-up round left out
        assert 0 < page["p50_ms"] <= page["p95_ms"] <= page["max_ms"]
    assert first["requests"] == 16
    assert {page: figures["count"] for page, figures in first["one_client"].items()} == {
        "list": 2,
        "filtered": 2,
        "search": 2,
        "conversation": 2,
    }
    assert 0 < first["p50_ms"] <= first["p95_ms"]

    with sqlite3.connect(database) as db:
        (count,) = db.execute(
            "SELECT count(*) FROM inbox_message m JOIN workspaces_workspace w "
            "ON m.workspace_id = w.id WHERE w.slug = 'bench-web-150'"
        ).fetchone()
        statuses = {row[0] for row in db.execute("SELECT DISTINCT status FROM inbox_conversation")}
        (indexed,) = db.execute(
            "SELECT count(*) FROM inbox_message_fts WHERE inbox_message_fts MATCH 'pain OR bread'"
        ).fetchone()
    assert count == 150
    assert len(statuses) >= 3  # a realistic mix, not one kind of conversation
    assert indexed > 0  # bulk inserts went through the search index

    second = bench(database)
    assert second["reused_seed"] is True
    assert second["conversations"] == first["conversations"]
