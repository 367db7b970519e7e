"""The coach: who in the team answers what, and what is left without an answer."""

from __future__ import annotations

from collections import defaultdict

from django.http import HttpResponse
from django.shortcuts import render

from comptoir.inbox.models import Conversation, ConversationStatus
from comptoir.workspaces.access import WorkspaceRequest, workspace_view
from comptoir.workspaces.models import Membership, Objective


@workspace_view()
def index(request: WorkspaceRequest) -> HttpResponse:
    workspace = request.workspace
    experts: dict[str, list[Membership]] = defaultdict(list)
    members = Membership.objects.for_workspace(workspace).select_related("user")
    for membership in members:
        for tag in membership.expertise:
            experts[str(tag)].append(membership)
    unassigned = (
        Conversation.objects.for_workspace(workspace)
        .filter(assignee__isnull=True)
        .exclude(status=ConversationStatus.DONE)
        .count()
    )
    return render(
        request,
        "coach/index.html",
        {
            "experts": sorted(experts.items()),
            "members_without_expertise": [m for m in members if not m.expertise],
            "unassigned": unassigned,
            "objectives": Objective.objects.for_workspace(workspace),
        },
    )
