"""Put the current workspace, the user's other workspaces and the navigation in templates."""

from __future__ import annotations

from typing import Any

from django.db.models import Count, IntegerField, OuterRef, Subquery
from django.db.models.functions import Coalesce
from django.http import HttpRequest

from comptoir.core.navigation import navigation_for
from comptoir.notifications.models import Notification
from comptoir.workspaces.models import Membership


def workspace(request: HttpRequest) -> dict[str, Any]:
    current = getattr(request, "workspace", None)
    if current is None or not request.user.is_authenticated:
        return {}
    memberships = memberships_with_unread(request.user)
    return {
        "current_workspace": current,
        "current_membership": request.membership,  # type: ignore[attr-defined]
        "user_memberships": memberships,
        "nav_items": navigation_for(request, current),
        "unread_notifications": next(
            (m.unread for m in memberships if m.workspace_id == current.pk),  # type: ignore[attr-defined]
            0,
        ),
    }


def memberships_with_unread(user: Any) -> list[Membership]:
    """The user's workspaces for the switcher, each with its unread notifications counted.

    One query for what every page's header shows: the bell's count is the current one's.
    """
    unread = (
        Notification.objects.filter(
            workspace=OuterRef("workspace"), recipient=user, read_at__isnull=True
        )
        .order_by()
        .values("workspace")
        .annotate(count=Count("pk"))
        .values("count")
    )
    return list(
        Membership.objects.filter(user=user)
        .select_related("workspace")
        .annotate(unread=Coalesce(Subquery(unread, output_field=IntegerField()), 0))
        .order_by("workspace__name")
    )
