"""How a view finds the current workspace and checks what the user may do in it.

Workspace pages live under ``/w/<slug>/``. ``workspace_view`` resolves the slug through
the user's own memberships only, so a workspace the user does not belong to is simply
not found (404): Comptoir never confirms that another business exists.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any, Concatenate, ParamSpec, TypeVar

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import Model
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404

from comptoir.accounts.auth import signed_in_user
from comptoir.accounts.models import User
from comptoir.workspaces.models import Membership, Role, Workspace

P = ParamSpec("P")
M = TypeVar("M", bound=Model)


class WorkspaceRequest(HttpRequest):
    """An HttpRequest inside a workspace (for type checkers)."""

    user: User
    workspace: Workspace
    membership: Membership


def workspace_view(
    minimum_role: str = Role.READONLY,
) -> Callable[
    [Callable[Concatenate[WorkspaceRequest, P], HttpResponse]],
    Callable[Concatenate[HttpRequest, str, P], HttpResponse],
]:
    """Decorate a view taking ``workspace_slug``: 404 for outsiders, 403 for too low a role."""

    def decorator(
        view: Callable[Concatenate[WorkspaceRequest, P], HttpResponse],
    ) -> Callable[Concatenate[HttpRequest, str, P], HttpResponse]:
        @login_required
        @wraps(view)
        def wrapped(
            request: HttpRequest, workspace_slug: str, *args: P.args, **kwargs: P.kwargs
        ) -> HttpResponse:
            user = signed_in_user(request)
            membership = (
                Membership.objects.select_related("workspace")
                .filter(user=user, workspace__slug=workspace_slug)
                .first()
            )
            if membership is None:
                raise Http404
            membership.user = user  # already loaded: signatures and names need no query
            if not membership.has_role(minimum_role):
                raise PermissionDenied
            request.workspace = membership.workspace  # type: ignore[attr-defined]
            request.membership = membership  # type: ignore[attr-defined]
            # Writing the session only on change spares every page view a database write.
            if request.session.get("workspace") != membership.workspace.slug:
                request.session["workspace"] = membership.workspace.slug
            return view(request, *args, **kwargs)  # type: ignore[arg-type]

        return wrapped  # type: ignore[return-value]

    return decorator


def get_scoped(model: type[M], workspace: Workspace, **lookup: Any) -> M:
    """Fetch one object of the current workspace, or 404 whatever else exists."""
    return get_object_or_404(model._default_manager.filter(workspace=workspace), **lookup)
