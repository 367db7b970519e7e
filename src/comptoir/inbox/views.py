"""The inbox: every message that reaches the business, newest first, by status."""

from __future__ import annotations

from urllib.parse import urlencode

from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import render

from comptoir.inbox.models import ConversationStatus, Message
from comptoir.workspaces.access import WorkspaceRequest, workspace_view


@workspace_view()
def index(request: WorkspaceRequest) -> HttpResponse:
    status = request.GET.get("status", "")
    mine = request.GET.get("assignee") == "me"
    messages = Message.objects.for_workspace(request.workspace).select_related(
        "person", "conversation__assignee__user"
    )
    if status in ConversationStatus.values:
        messages = messages.filter(conversation__status=status)
    else:
        status = ""
        messages = messages.exclude(conversation__status=ConversationStatus.DONE)
    if mine:
        messages = messages.filter(conversation__assignee=request.membership)
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
            "statuses": ConversationStatus.choices,
            "query_prefix": urlencode(filters) + "&" if filters else "",
        },
    )
