"""Start-up checks: each problem is found and explained in plain words."""

from __future__ import annotations

import pytest
from django.core.management import call_command
from django.db import OperationalError, connections
from django.utils import translation

from comptoir.core import checks
from tests.conftest import TEST_REDIS_URL, redis_available, require_peer


def test_writable_data_folder_passes(settings, tmp_path):
    settings.DATA_DIR = tmp_path
    assert checks.data_dir_writable(None) == []
    assert list(tmp_path.iterdir()) == [], "the probe file is removed"


def test_data_folder_that_cannot_be_written_is_reported(settings, tmp_path):
    (tmp_path / "a-file").write_text("")
    settings.DATA_DIR = tmp_path / "a-file"  # not a folder: nothing can be created in it
    with translation.override("en"):
        [error] = checks.data_dir_writable(None)
        assert error.id == "comptoir.E001"
        assert f"Comptoir cannot write in its data folder {tmp_path / 'a-file'}" in error.msg
        assert "COMPTOIR_DATA_DIR" in error.hint
    with translation.override("fr"):
        [error] = checks.data_dir_writable(None)
        assert "Comptoir ne peut pas écrire dans son dossier de données" in error.msg


@pytest.mark.django_db
def test_reachable_database_passes():
    assert checks.database_reachable(None, databases=["default"]) == []


def test_database_checks_run_only_when_asked():
    # Without databases Django is running an ordinary command: no connection is tried.
    assert checks.database_reachable(None, databases=None) == []
    assert checks.redis_reachable(None, databases=None) == []


def test_unreachable_database_is_reported(monkeypatch):
    def refuse(*args, **kwargs):
        raise OperationalError("connection refused\nDETAIL: more")

    monkeypatch.setattr(connections["default"], "cursor", refuse)
    with translation.override("en"):
        [error] = checks.database_reachable(None, databases=["default"])
    assert error.id == "comptoir.E002"
    assert error.msg.startswith("Comptoir cannot reach the ")
    assert error.msg.endswith(": connection refused")
    assert "DATABASE_URL" in error.hint


def test_redis_is_only_checked_with_the_rq_queue(settings):
    settings.TASKS_BACKEND = "db"
    settings.REDIS_URL = "redis://127.0.0.1:1/0"
    assert checks.redis_reachable(None, databases=["default"]) == []


def test_unreachable_redis_is_reported_without_its_password(settings):
    settings.TASKS_BACKEND = "rq"
    settings.REDIS_URL = "redis://:secret@127.0.0.1:1/0"
    with translation.override("en"):
        [error] = checks.redis_reachable(None, databases=["default"])
    assert error.id == "comptoir.E003"
    assert "Comptoir cannot reach Redis at redis://:***@127.0.0.1:1/0" in error.msg
    assert "secret" not in error.msg
    assert "COMPTOIR_TASKS=db" in error.hint


def test_reachable_redis_passes(settings):
    require_peer("Redis", redis_available)
    settings.TASKS_BACKEND = "rq"
    settings.REDIS_URL = TEST_REDIS_URL
    assert checks.redis_reachable(None, databases=["default"]) == []


def test_long_scheduler_tick_is_a_warning(settings):
    settings.SCHEDULER_TICK_SECONDS = 120.0
    [warning] = checks.scheduler_tick(None)
    assert not warning.is_serious()
    settings.SCHEDULER_TICK_SECONDS = 0.5
    assert checks.scheduler_tick(None) == []


@pytest.mark.django_db
def test_the_checks_are_registered_with_django():
    # ``comptoir check --database default`` runs them all and finds nothing wrong here.
    call_command("check", databases=["default"])
    ids = {problem.id for problem in checks.startup_problems()}
    assert not {"comptoir.E001", "comptoir.E002", "comptoir.E003"} & ids


def test_problems_are_formatted_for_people():
    from django.core.checks import Error

    text = checks.format_problems([Error("Something is wrong.", hint="Do this.", id="x.E1")])
    assert text == "- Something is wrong.\n  Do this."
