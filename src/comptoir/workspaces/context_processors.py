"""Put the current workspace, the user's other workspaces and the navigation in templates."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest

from comptoir.core.navigation import navigation_for
from comptoir.notifications.actions import unread_count
from comptoir.workspaces.models import Membership


def workspace(request: HttpRequest) -> dict[str, Any]:
    current = getattr(request, "workspace", None)
    if current is None or not request.user.is_authenticated:
        return {}
    memberships = Membership.objects.filter(user=request.user).select_related("workspace")
    return {
        "current_workspace": current,
        "current_membership": request.membership,  # type: ignore[attr-defined]
        "user_memberships": memberships.order_by("workspace__name"),
        "nav_items": navigation_for(request, current),
        "unread_notifications": unread_count(request.user, current),
    }
