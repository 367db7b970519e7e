"""Periodic work of the connector framework."""

from __future__ import annotations

from django_tasks import task

from comptoir.networks import health


@task()
def warn_about_account_health() -> dict[str, int]:
    return health.warn_owners()
