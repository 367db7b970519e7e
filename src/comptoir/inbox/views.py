"""The inbox: every message that reaches the business, newest first, by status."""

from __future__ import annotations

from urllib.parse import urlencode

from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import render

from comptoir.inbox.models import Message, MessageStatus
from comptoir.workspaces.access import WorkspaceRequest, workspace_view


@workspace_view()
def index(request: WorkspaceRequest) -> HttpResponse:
    status = request.GET.get("status", "")
    mine = request.GET.get("assignee") == "me"
    messages = Message.objects.for_workspace(request.workspace).select_related(
        "person", "assignee__user"
    )
    if status in MessageStatus.values:
        messages = messages.filter(status=status)
    else:
        status = ""
        messages = messages.exclude(status=MessageStatus.DONE)
    if mine:
        messages = messages.filter(assignee=request.membership)
    filters = {
        key: value
        for key, value in (("status", status), ("assignee", "me" if mine else ""))
        if value
    }
    page = Paginator(messages, 50).get_page(request.GET.get("page"))
    return render(
        request,
        "inbox/index.html",
        {
            "page": page,
            "status": status,
            "mine": mine,
            "statuses": MessageStatus.choices,
            "query_prefix": urlencode(filters) + "&" if filters else "",
        },
    )
