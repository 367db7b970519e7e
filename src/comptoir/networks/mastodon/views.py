"""Connecting a Mastodon account: ask for the server, send the person there, take them back.

The pending flow lives in the person's session under a random ``state`` that the
instance hands back: a callback without a state this session started is refused, so
nobody can attach their account to someone else's workspace with a forged link. The
app's secret is encrypted in the session, then kept in the account's credentials.
"""

from __future__ import annotations

import secrets
import time
from typing import Any

from django.conf import settings
from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from comptoir.networks import actions, crypto
from comptoir.networks.errors import NetworkError
from comptoir.networks.http import check_public_url
from comptoir.networks.mastodon import oauth
from comptoir.networks.mastodon.forms import InstanceForm
from comptoir.networks.models import ConnectedAccount
from comptoir.networks.registry import NetworkSpec
from comptoir.workspaces.access import WorkspaceRequest

FLOWS = "mastodon_oauth"
APPS = "mastodon_apps"
MAX_FLOWS = 5
FLOW_LIFETIME = 3600.0


def callback_uri(request: WorkspaceRequest) -> str:
    path = reverse("networks:callback", args=[request.workspace.slug, "mastodon"])
    return f"{settings.BASE_URL}{path}"


def known_app(request: WorkspaceRequest, instance: str, redirect_uri: str) -> oauth.App | None:
    """A registration made before: in this session, or kept by an account of the workspace."""
    cached = request.session.get(APPS, {}).get(f"{instance} {redirect_uri}")
    if cached:
        return oauth.App(**crypto.decrypt(cached))
    accounts = ConnectedAccount.objects.for_workspace(request.workspace).filter(
        network="mastodon", server_url=instance
    )
    for account in accounts:
        try:
            credentials = account.credentials
        except ValueError:
            continue
        if credentials.get("redirect_uri") == redirect_uri and credentials.get("client_secret"):
            return oauth.App(str(credentials["client_id"]), str(credentials["client_secret"]))
    return None


def start(request: WorkspaceRequest, instance: str) -> str:
    """Register if needed, remember the flow, and return the instance's authorise URL."""
    check_public_url(instance)
    redirect_uri = callback_uri(request)
    app = known_app(request, instance, redirect_uri)
    if app is None:
        app = oauth.register_app(instance, redirect_uri)
        apps = request.session.get(APPS, {})
        apps[f"{instance} {redirect_uri}"] = crypto.encrypt(app.__dict__)
        request.session[APPS] = apps
    state = secrets.token_urlsafe(32)
    flows: dict[str, Any] = request.session.get(FLOWS, {})
    flows = dict(sorted(flows.items(), key=lambda kv: kv[1]["started"])[-(MAX_FLOWS - 1) :])
    flows[state] = {
        "instance": instance,
        "redirect_uri": redirect_uri,
        "app": crypto.encrypt(app.__dict__),
        "workspace": request.workspace.slug,
        "started": time.time(),
    }
    request.session[FLOWS] = flows
    return oauth.authorize_url(instance, app, redirect_uri, state)


def take_flow(request: WorkspaceRequest) -> dict[str, Any] | None:
    """The flow this callback belongs to, used once; None if forged, foreign or stale."""
    flows: dict[str, Any] = request.session.get(FLOWS, {})
    flow: dict[str, Any] | None = flows.pop(request.GET.get("state", ""), None)
    request.session[FLOWS] = flows
    if (
        flow is None
        or flow["workspace"] != request.workspace.slug
        or time.time() - flow["started"] > FLOW_LIFETIME
    ):
        return None
    return flow


def page(
    request: WorkspaceRequest,
    spec: NetworkSpec,
    form: InstanceForm,
    error: str = "",
    status: int = 200,
) -> HttpResponse:
    return render(
        request,
        ["networks/mastodon/connect.html", "networks/connect.html"],
        {"form": form, "spec": spec, "error": error},
        status=status,
    )


def connect_view(request: WorkspaceRequest, spec: NetworkSpec) -> HttpResponse:
    """Ask for the server, then send the person there to authorise Comptoir."""
    form = InstanceForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            url = start(request, form.cleaned_data["instance"])
        except NetworkError as error:
            form.add_error("instance", error.user_message)
        else:
            return redirect(url)
    return page(request, spec, form)


def callback_view(request: WorkspaceRequest, spec: NetworkSpec) -> HttpResponse:
    """The instance sends the person back here with a code, or with a refusal."""
    flow = take_flow(request)
    if flow is None:
        error = _("This connection attempt is unknown or has expired. Please start again.")
        return page(request, spec, InstanceForm(), error, status=400)
    instance = flow["instance"]
    server = instance.removeprefix("https://")
    form = InstanceForm(initial={"instance": server})
    code = request.GET.get("code", "")
    if request.GET.get("error") or not code:
        error = _("Access was not given on %(server)s, so nothing was connected.") % {
            "server": server
        }
        return page(request, spec, form, error)
    app = oauth.App(**crypto.decrypt(flow["app"]))
    try:
        token = oauth.exchange_code(instance, app, flow["redirect_uri"], code)
        info = oauth.account_info(instance, app, flow["redirect_uri"], token)
    except NetworkError as error:
        return page(request, spec, form, error.user_message)
    account = actions.save_connection(request.workspace, spec.slug, info, request.user)
    messages.success(request, _("%(account)s is connected.") % {"account": account.handle})
    return redirect("networks:index", request.workspace.slug)
