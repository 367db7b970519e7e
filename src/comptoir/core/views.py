"""Pages that belong to no workspace: the front door, health and status."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render

from comptoir.core.status import collect_status
from comptoir.workspaces.models import Membership


@login_required
def home(request: HttpRequest) -> HttpResponse:
    """Open the workspace used last, else the first one, else offer to create one."""
    memberships = Membership.objects.filter(user=request.user).select_related("workspace")
    last = request.session.get("workspace")
    chosen = memberships.filter(workspace__slug=last).first() if last else None
    chosen = chosen or memberships.order_by("workspace__name").first()
    if chosen is None:
        return redirect("workspaces:create")
    return redirect("workspaces:dashboard", chosen.workspace.slug)


def health(request: HttpRequest) -> JsonResponse:
    """For load balancers and monitoring: answers as long as the database does."""
    report = collect_status()
    code = 200 if report.database_ok else 503
    return JsonResponse({"database": report.database_ok, "version": report.version}, status=code)


@login_required
def status(request: HttpRequest) -> HttpResponse:
    return render(request, "comptoir/status.html", {"report": collect_status()})
