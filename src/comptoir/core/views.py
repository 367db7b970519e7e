"""Pages that belong to no workspace: the front door, health and status."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.views.decorators.cache import never_cache

from comptoir.core.status import collect_status
from comptoir.workspaces.models import Membership


@login_required
def home(request: HttpRequest) -> HttpResponse:
    """Open the workspace used last, else the first one, else offer to create one."""
    # login_required guarantees a signed-in user, hence a primary key.
    user_id = int(request.user.pk or 0)
    memberships = Membership.objects.filter(user_id=user_id).select_related("workspace")
    last = request.session.get("workspace")
    chosen = memberships.filter(workspace__slug=last).first() if last else None
    chosen = chosen or memberships.order_by("workspace__name").first()
    if chosen is None:
        return redirect("workspaces:create")
    return redirect("workspaces:dashboard", chosen.workspace.slug)


@never_cache
def health(request: HttpRequest) -> JsonResponse:
    """For load balancers and monitoring, without signing in.

    Answers 503 only when the database is down (this server cannot serve pages); a missing
    worker or an unreachable queue shows as ``"status": "degraded"`` with a 200, so a load
    balancer keeps sending people to a web server that works.
    """
    report = collect_status()
    return JsonResponse(report.as_json(), status=200 if report.database_ok else 503)


@never_cache
@login_required
def status(request: HttpRequest) -> HttpResponse:
    return render(request, "comptoir/status.html", {"report": collect_status()})
