"""The periodic reading of followed feeds, as a task."""

from __future__ import annotations

from django_tasks import task

from comptoir.bulk import feeds


@task()
def read_feed_rules() -> int:
    return feeds.read_all()
