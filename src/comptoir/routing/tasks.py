"""The periodic job behind "waiting too long" alerts."""

from __future__ import annotations

from django_tasks import task

from comptoir.routing.alerts import alert_all


@task()
def alert_waiting_conversations() -> dict[str, int]:
    return alert_all()
