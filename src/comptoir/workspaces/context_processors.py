"""Put the current workspace, the user's other workspaces and the navigation in templates."""

from __future__ import annotations

from typing import Any, NamedTuple

from django.db import connection
from django.http import HttpRequest

from comptoir.core.navigation import navigation_for, navigation_key

# Every page's header: the user's workspaces for the switcher, each with its unread
# notifications (the bell shows the current one's), in one statement. Built through the
# ORM, the counting subquery cost a page more than running it.
SWITCHER_SQL = """
SELECT w.id, w.slug, w.name,
       (SELECT COUNT(*) FROM notifications_notification n
        WHERE n.workspace_id = w.id AND n.recipient_id = %s AND n.read_at IS NULL)
FROM workspaces_membership m
JOIN workspaces_workspace w ON w.id = m.workspace_id
WHERE m.user_id = %s
ORDER BY w.name
"""


class SwitcherEntry(NamedTuple):
    workspace_id: int
    slug: str
    name: str
    unread: int


def workspace(request: HttpRequest) -> dict[str, Any]:
    current = getattr(request, "workspace", None)
    if current is None or not request.user.is_authenticated:
        return {}
    entries = switcher_entries(request.user.pk)
    navigation = navigation_for(request, current)
    return {
        "current_workspace": current,
        "current_membership": request.membership,  # type: ignore[attr-defined]
        "user_workspaces": entries,
        "nav_items": navigation,
        "nav_key": navigation_key(current, navigation),
        "unread_notifications": next(
            (entry.unread for entry in entries if entry.workspace_id == current.pk), 0
        ),
    }


def switcher_entries(user_id: int) -> list[SwitcherEntry]:
    """The user's workspaces by name, each with its count of unread notifications."""
    with connection.cursor() as cursor:
        cursor.execute(SWITCHER_SQL, [user_id, user_id])
        return [SwitcherEntry(*row) for row in cursor.fetchall()]
