from __future__ import annotations

import pytest

from tests.core.processes import Processes


@pytest.fixture
def processes(transactional_db, tmp_path):
    """Start ``comptoir`` processes on the test database; they are stopped after the test.

    Depending on ``transactional_db`` makes them stop before the tables are emptied.
    """
    group = Processes(tmp_path)
    yield group
    group.stop_all()


@pytest.fixture(params=["db", "rq"])
def backend(request):
    """Each test using it runs with the database queue, then with RQ on Redis."""
    if request.param == "rq":
        request.getfixturevalue("redis_db")
    return request.param


def backend_settings(backend: str) -> dict[str, object]:
    """Settings that make this test process enqueue where the workers of ``backend`` read."""
    from django.conf import settings

    from tests.conftest import TEST_REDIS_URL

    path = {"db": "django_tasks_db.DatabaseBackend", "rq": "django_tasks_rq.RQBackend"}[backend]
    return {
        "TASKS_BACKEND": backend,
        "TASKS": {"default": {"BACKEND": path, "QUEUES": settings.TASK_QUEUES}},
        "RQ_QUEUES": {name: {"URL": TEST_REDIS_URL} for name in settings.TASK_QUEUES},
    }


@pytest.fixture
def enqueue_to(backend, settings):
    """Make this test's process enqueue tasks on ``backend``, like its workers."""
    for name, value in backend_settings(backend).items():
        setattr(settings, name, value)
    return backend


@pytest.fixture
def commands(tmp_path):
    """Start ``comptoir`` commands that are expected to stop by themselves, without a database."""
    group = Processes(tmp_path)
    yield group
    group.stop_all()
