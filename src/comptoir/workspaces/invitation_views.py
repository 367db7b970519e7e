"""The page an invitation link opens: join the workspace, with or without an account.

- a newcomer gives a name and a password, and is signed in;
- someone who already has an account signs in on the same page;
- someone signed in with the invited address joins with one click;
- an unknown, expired, revoked or used link says so plainly.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth import login
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_protect

from comptoir.accounts.forms import SignInForm
from comptoir.accounts.models import User
from comptoir.workspaces import actions
from comptoir.workspaces.forms import NewAccountForm
from comptoir.workspaces.models import Invitation, Membership

TEMPLATE = "workspaces/invitation.html"
MODEL_BACKEND = "django.contrib.auth.backends.ModelBackend"


def _joined(request: HttpRequest, invitation: Invitation) -> HttpResponse:
    workspace = invitation.workspace
    request.session["workspace"] = workspace.slug
    messages.success(request, _("Welcome to %(workspace)s!") % {"workspace": workspace.name})
    return redirect("workspaces:dashboard", workspace.slug)


def _unavailable(request: HttpRequest, invitation: Invitation | None) -> HttpResponse:
    """Unknown links answer 404; known ones that can no longer be used, 410 (Gone)."""
    context = {"state": invitation.state if invitation else "unknown", "invitation": invitation}
    status = 404 if invitation is None else 410
    return render(request, "workspaces/invitation_unavailable.html", context, status=status)


def _accept(request: HttpRequest, invitation: Invitation, user: User) -> HttpResponse:
    try:
        actions.accept(invitation, user)
    except actions.TeamError:
        # Used, revoked or expired between showing the page and submitting it.
        invitation.refresh_from_db()
        return _unavailable(request, invitation)
    return _joined(request, invitation)


@never_cache
@csrf_protect
def invitation(request: HttpRequest, token: str) -> HttpResponse:
    found = Invitation.find_by_token(token)
    if found is None or found.state != "pending":
        return _unavailable(request, found)
    context: dict[str, Any] = {"invitation": found, "workspace": found.workspace}
    user = request.user
    if isinstance(user, User) and user.is_authenticated:
        return _signed_in(request, found, user, context)
    if User.objects.filter(email__iexact=found.email).exists():
        return _existing_account(request, found, context)
    return _new_account(request, found, context)


def _signed_in(
    request: HttpRequest, invitation: Invitation, user: User, context: dict[str, Any]
) -> HttpResponse:
    if user.email.lower() != invitation.email.lower():
        context["mode"] = "other_account"
        return render(request, TEMPLATE, context)
    if request.method == "POST":
        return _accept(request, invitation, user)
    context["mode"] = "join"
    context["already_member"] = Membership.objects.filter(
        workspace=invitation.workspace, user=user
    ).exists()
    return render(request, TEMPLATE, context)


def _existing_account(
    request: HttpRequest, invitation: Invitation, context: dict[str, Any]
) -> HttpResponse:
    data = None
    if request.method == "POST":
        data = {"username": invitation.email, "password": request.POST.get("password", "")}
    form = SignInForm(request, data=data, initial={"username": invitation.email})
    if data is not None and form.is_valid():
        user = form.get_user()
        login(request, user)
        return _accept(request, invitation, user)
    context.update(mode="sign_in", form=form)
    return render(request, TEMPLATE, context)


def _new_account(
    request: HttpRequest, invitation: Invitation, context: dict[str, Any]
) -> HttpResponse:
    form = NewAccountForm(request.POST or None, email=invitation.email)
    if request.method == "POST" and form.is_valid():
        try:
            user = actions.accept_as_new_user(
                invitation,
                full_name=form.cleaned_data["full_name"],
                password=form.cleaned_data["password1"],
            )
        except actions.TeamError as error:
            form.add_error(None, str(error))
        else:
            login(request, user, backend=MODEL_BACKEND)
            return _joined(request, invitation)
    context.update(mode="new_account", form=form)
    return render(request, TEMPLATE, context)
