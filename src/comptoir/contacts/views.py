"""The people the business talks with, and how often."""

from __future__ import annotations

from django.core.paginator import Paginator
from django.db.models import Count, Max
from django.http import HttpResponse
from django.shortcuts import render

from comptoir.contacts.models import Person
from comptoir.workspaces.access import WorkspaceRequest, workspace_view


@workspace_view()
def index(request: WorkspaceRequest) -> HttpResponse:
    people = (
        Person.objects.for_workspace(request.workspace)
        .annotate(message_count=Count("messages"), last_contact=Max("messages__received_at"))
        .order_by("-last_contact", "display_name")
    )
    page = Paginator(people, 50).get_page(request.GET.get("page"))
    return render(request, "contacts/index.html", {"page": page, "query_prefix": ""})
