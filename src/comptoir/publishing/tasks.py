"""Thin task wrappers over the publishing engine."""

from __future__ import annotations

from django_tasks import task

from comptoir.publishing import engine


@task()
def publish_batch_task(target_ids: list[int]) -> dict[int, str]:
    return engine.publish_batch(target_ids, engine.worker_name())


@task()
def sweep_task() -> dict[str, int]:
    return engine.sweep()
