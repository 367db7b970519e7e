"""The test run itself is set up as intended: right database, right queue, a throwaway folder."""

from __future__ import annotations

import os
from pathlib import Path

from django.conf import settings
from django.db import connection

from comptoir.conf import default_data_dir

REPOSITORY = Path(__file__).resolve().parents[2]


def test_tests_never_write_in_a_real_data_folder():
    assert settings.DATA_DIR not in {REPOSITORY / "data", default_data_dir()}
    assert os.environ["COMPTOIR_DATA_DIR"] == str(settings.DATA_DIR), "inherited by subprocesses"


def test_database_is_the_one_the_environment_names():
    url = os.environ.get("DATABASE_URL", "")
    expected = "postgresql" if url.startswith(("postgres://", "postgresql://")) else "sqlite"
    assert connection.vendor == expected


def test_sqlite_test_database_is_a_file_workers_can_open():
    if connection.vendor != "sqlite":
        return
    name = settings.DATABASES["default"]["TEST"]["NAME"]
    assert Path(name).parent == settings.DATA_DIR


def test_task_queue_is_the_one_the_environment_names():
    backend = os.environ.get("COMPTOIR_TASKS") or "db"
    assert backend == settings.TASKS_BACKEND
    expected = {
        "db": "django_tasks_db.DatabaseBackend",
        "rq": "django_tasks_rq.RQBackend",
        "immediate": "django_tasks.backends.immediate.ImmediateBackend",
    }[backend]
    assert settings.TASKS["default"]["BACKEND"] == expected
