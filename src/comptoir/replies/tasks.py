"""Thin task wrappers over ``sending``."""

from __future__ import annotations

from django_tasks import task

from comptoir.replies import sending


@task()
def send_reply_task(reply_id: int) -> str:
    return sending.send(reply_id, sending.worker_name())


@task()
def sweep_replies_task() -> dict[str, int]:
    return sending.sweep()
