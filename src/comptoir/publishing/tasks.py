"""Thin task wrappers over the publishing engine."""

from __future__ import annotations

from django_tasks import task

from comptoir.publishing import engine


@task()
def publish_target_task(target_id: int) -> str:
    return engine.publish_target(target_id, engine.worker_name())


@task()
def sweep_task() -> dict[str, int]:
    return engine.sweep()
