"""Settings > Accounts: connect, see health, reconnect and disconnect network accounts."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.module_loading import import_string
from django.utils.translation import gettext as _

from comptoir.networks import actions
from comptoir.networks.errors import NetworkError
from comptoir.networks.models import ConnectedAccount
from comptoir.networks.registry import BY_SLUG, LISTED, NetworkSpec
from comptoir.workspaces.access import WorkspaceRequest, get_scoped, workspace_view
from comptoir.workspaces.models import Role


def spec_or_404(network: str) -> NetworkSpec:
    spec = BY_SLUG.get(network)
    if spec is None or not spec.listed:
        raise Http404
    return spec


@workspace_view()
def index(request: WorkspaceRequest) -> HttpResponse:
    accounts = ConnectedAccount.objects.for_workspace(request.workspace)
    return render(
        request,
        "networks/accounts.html",
        {
            "accounts": accounts,
            "networks": LISTED,
            "can_manage": request.membership.has_role(Role.MANAGER),
        },
    )


@workspace_view(Role.MANAGER)
def connect(request: WorkspaceRequest, network: str) -> HttpResponse:
    spec = spec_or_404(network)
    view = import_string(spec.connect_view)
    response: HttpResponse = view(request, spec)
    return response


@workspace_view(Role.MANAGER)
def callback(request: WorkspaceRequest, network: str) -> HttpResponse:
    spec = spec_or_404(network)
    if not spec.callback_view:
        raise Http404
    response: HttpResponse = import_string(spec.callback_view)(request, spec)
    return response


def connect_with_form(request: WorkspaceRequest, spec: NetworkSpec) -> HttpResponse:
    """Show the network's connection form; on success, save the account and go back."""
    connector: Any = spec.connector_class
    form_class: type[forms.Form] = connector.connect_form
    form = form_class(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            info = connector.connect(form.cleaned_data)
        except NetworkError as error:
            form.add_error(None, error.user_message)
        else:
            account = actions.save_connection(request.workspace, spec.slug, info, request.user)
            messages.success(request, _("%(account)s is connected.") % {"account": account.handle})
            return redirect("networks:index", request.workspace.slug)
    context: dict[str, Any] = {"form": form, "spec": spec}
    return render(request, [f"networks/{spec.slug}/connect.html", "networks/connect.html"], context)


@workspace_view(Role.MANAGER)
def disconnect(request: WorkspaceRequest, account_id: int) -> HttpResponse:
    account = get_scoped(ConnectedAccount, request.workspace, pk=account_id)
    if request.method == "POST":
        actions.disconnect(account)
        messages.success(request, _("%(account)s is disconnected.") % {"account": account.handle})
        return redirect("networks:index", request.workspace.slug)
    return render(request, "networks/disconnect.html", {"account": account})
