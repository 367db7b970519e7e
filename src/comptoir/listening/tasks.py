"""The listening searches, run every quarter of an hour and on a "Search now" click."""

from __future__ import annotations

import logging

from django_tasks import task

from comptoir.listening.models import Topic
from comptoir.listening.search import Summary, search_workspace

logger = logging.getLogger(__name__)


@task()
def search_all_workspaces() -> dict[str, int]:
    """Search the active topics of every workspace.

    Each workspace is searched on its own: one whose search trips an unexpected bug is
    logged and the others are still searched.
    """
    summary = Summary()
    workspaces = Topic.objects.filter(active=True).values_list("workspace_id", flat=True).distinct()
    for workspace_id in sorted(set(workspaces)):
        try:
            summary.add(search_workspace(workspace_id))
        except Exception:
            logger.exception("listening: search failed for workspace %s", workspace_id)
            summary.failed += 1
    return summary.as_dict()


@task()
def search_workspace_now(workspace_id: int) -> dict[str, int]:
    """The same search for one workspace, asked from its topics page."""
    return search_workspace(workspace_id).as_dict()
