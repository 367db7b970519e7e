"""The owner's "Reset the demo" page: a confirmation, then a fresh start.

Only the demo workspace can be reset, and only by one of its owners: for any other
workspace the page does not exist (404), so no real business can lose its data here.
"""

from __future__ import annotations

from django.contrib import messages
from django.db import transaction
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from comptoir.demo.loader import DEMO_SLUG, ensure_demo, staff_emails
from comptoir.workspaces.access import WorkspaceRequest, workspace_view
from comptoir.workspaces.models import Membership, Role


@require_http_methods(["GET", "POST"])
@workspace_view(Role.OWNER)
def reset(request: WorkspaceRequest) -> HttpResponse:
    workspace = request.workspace
    if not workspace.is_demo or workspace.slug != DEMO_SLUG:
        raise Http404
    if request.method == "POST":
        role, user = request.membership.role, request.membership.user
        with transaction.atomic():
            fresh = ensure_demo(reset=True)
            if user.email not in staff_emails():
                # Whoever resets keeps their seat; everyone else goes back to the demo team.
                Membership.objects.get_or_create(
                    workspace=fresh, user=user, defaults={"role": role}
                )
        messages.success(
            request, _("The demo is reset: its five weeks of activity now run up to today.")
        )
        return redirect("workspaces:dashboard", fresh.slug)
    return render(request, "demo/reset.html")
