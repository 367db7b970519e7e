"""Exporting and erasing a person's data: owners and managers only."""

from __future__ import annotations

import json

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from comptoir.contacts import gdpr
from comptoir.contacts.models import Erasure, Person
from comptoir.workspaces.access import WorkspaceRequest, get_scoped, workspace_view
from comptoir.workspaces.models import Role


@workspace_view(Role.MANAGER)
def export(request: WorkspaceRequest, person_id: int) -> HttpResponse:
    found = get_scoped(Person, request.workspace, pk=person_id)
    data = json.dumps(gdpr.export(found, request.workspace), ensure_ascii=False, indent=2)
    response = HttpResponse(data, content_type="application/json; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="person-{found.pk}.json"'
    return response


@workspace_view(Role.MANAGER)
def erase(request: WorkspaceRequest, person_id: int) -> HttpResponse:
    """GET: exactly what will be deleted; POST: delete it."""
    found = get_scoped(Person, request.workspace, pk=person_id)
    if request.method == "POST":
        gdpr.erase(found, request.workspace, request.membership)
        messages.success(request, _("The person and everything about them were erased."))
        return redirect("contacts:index", request.workspace.slug)
    return render(
        request,
        "contacts/erase.html",
        {
            "person": found,
            "identities": found.identities.all(),
            "plan": gdpr.plan_erasure(found, request.workspace),
        },
    )


@workspace_view(Role.MANAGER)
def erasures(request: WorkspaceRequest) -> HttpResponse:
    done = Erasure.objects.for_workspace(request.workspace).select_related("erased_by__user")
    page = Paginator(done, 50).get_page(request.GET.get("page"))
    return render(request, "contacts/erasures.html", {"page": page, "query_prefix": ""})
