"""Pages that belong to no workspace: the front door, health, status and the 403 page."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.views.decorators.cache import never_cache

from comptoir.core.status import collect_status
from comptoir.workspaces.models import Membership, Role


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


def permission_denied(request: HttpRequest, exception: Exception) -> HttpResponse:
    """The 403 page: says which role the person has in the workspace and whom to ask.

    Views refuse before they set the workspace on the request, so it is found again from the
    address, among the person's own workspaces only.
    """
    context: dict[str, object] = {}
    match = request.resolver_match
    slug = match.kwargs.get("workspace_slug") if match else None
    if slug and request.user.is_authenticated:
        membership = (
            Membership.objects.filter(user_id=request.user.pk, workspace__slug=slug)
            .select_related("workspace")
            .first()
        )
        if membership is not None:
            owners = Membership.objects.filter(workspace=membership.workspace, role=Role.OWNER)
            context = {
                "role": membership.get_role_display(),
                "owners": sorted(str(owner.user) for owner in owners.select_related("user")),
            }
    return render(request, "403.html", context, status=403)
