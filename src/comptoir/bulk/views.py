"""The bulk tools' hub, CSV import and export, and the link (UTM) settings."""

from __future__ import annotations

import secrets

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from comptoir.bulk import csv_export, csv_import
from comptoir.bulk.forms import ImportForm, LinksForm
from comptoir.bulk.models import FeedRule
from comptoir.publishing import composer
from comptoir.publishing.utm import add_utm
from comptoir.workspaces import permissions
from comptoir.workspaces.access import WorkspaceRequest, workspace_view
from comptoir.workspaces.models import Role

SESSION_KEY = "bulk_import"


@workspace_view()
def index(request: WorkspaceRequest) -> HttpResponse:
    return render_index(request, ImportForm())


def render_index(request: WorkspaceRequest, form: ImportForm) -> HttpResponse:
    workspace = request.workspace
    rules = FeedRule.objects.for_workspace(workspace).prefetch_related("accounts")
    return render(
        request,
        "bulk/index.html",
        {
            "rules": rules,
            "form": form,
            "accounts": composer.publishable_accounts(workspace),
            "can_compose": request.membership.has_role(Role.MEMBER),
        },
    )


def pending(request: WorkspaceRequest) -> dict[str, str]:
    stored = request.session.get(SESSION_KEY) or {}
    return stored if stored.get("workspace") == request.workspace.slug else {}


@require_POST
@workspace_view(Role.MEMBER)
def import_preview(request: WorkspaceRequest) -> HttpResponse:
    """Check an uploaded file and show every row; the file waits in the session."""
    form = ImportForm(request.POST, request.FILES)
    if not form.is_valid():
        return render_index(request, form)
    content: bytes = form.cleaned_data["file"]
    try:
        rows = csv_import.read(content, request.workspace)
    except csv_import.FileProblem as problem:
        form.add_error("file", str(problem))
        return render_index(request, form)
    token = secrets.token_urlsafe(16)
    request.session[SESSION_KEY] = {
        "workspace": request.workspace.slug,
        "token": token,
        "name": str(getattr(request.FILES.get("file"), "name", ""))[:200],
        "content": content.decode("utf-8-sig"),
    }
    return render(
        request,
        "bulk/preview.html",
        {
            "rows": rows,
            "valid": sum(row.valid for row in rows),
            "invalid": sum(not row.valid for row in rows),
            "token": token,
            "name": request.session[SESSION_KEY]["name"],
        },
    )


@require_POST
@workspace_view(Role.MEMBER)
def import_confirm(request: WorkspaceRequest) -> HttpResponse:
    """Save the valid rows of the previewed file, checked again as they are saved."""
    stored = pending(request)
    if not stored or stored.get("token") != request.POST.get("token"):
        messages.error(
            request, _("This import has expired or was cancelled. Upload the file again.")
        )
        return redirect("bulk:index", request.workspace.slug)
    del request.session[SESSION_KEY]
    try:
        rows = csv_import.read(stored["content"].encode("utf-8"), request.workspace)
    except csv_import.FileProblem as problem:
        messages.error(request, str(problem))
        return redirect("bulk:index", request.workspace.slug)
    posts = csv_import.save(rows, request.workspace, request.user)
    skipped = len(rows) - len(posts)
    messages.success(
        request,
        ngettext("%(count)s post was imported.", "%(count)s posts were imported.", len(posts))
        % {"count": len(posts)},
    )
    if skipped:
        messages.warning(
            request,
            ngettext(
                "%(count)s row with a problem was left out.",
                "%(count)s rows with a problem were left out.",
                skipped,
            )
            % {"count": skipped},
        )
    status = "scheduled" if any(post.status == "scheduled" for post in posts) else "draft"
    return redirect(
        reverse("publishing:index", args=[request.workspace.slug]) + f"?status={status}"
    )


@require_POST
@workspace_view(Role.MEMBER)
def import_cancel(request: WorkspaceRequest) -> HttpResponse:
    if pending(request):
        del request.session[SESSION_KEY]
    messages.info(request, _("The import is cancelled; nothing was saved."))
    return redirect("bulk:index", request.workspace.slug)


@workspace_view()
def export(request: WorkspaceRequest) -> HttpResponse:
    excel = request.GET.get("separator") == "semicolon"
    body = csv_export.export(request.workspace, ";" if excel else ",")
    response = HttpResponse(body.encode("utf-8"), content_type="text/csv; charset=utf-8")
    day = timezone.localtime(timezone=request.workspace.tzinfo).strftime("%Y-%m-%d")
    name = f"posts-{request.workspace.slug}-{day}.csv"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


@workspace_view()
def links(request: WorkspaceRequest) -> HttpResponse:
    """The Links section of the settings: campaign tags on every link of a post."""
    can_edit = permissions.can_edit_business(request.membership)
    form = LinksForm(instance=request.workspace)
    if request.method == "POST":
        if not can_edit:
            raise PermissionDenied
        form = LinksForm(request.POST, instance=request.workspace)
        if form.is_valid():
            form.save()
            messages.success(request, _("The link settings are saved."))
            return redirect("bulk:links", request.workspace.slug)
    example = "https://example.com/menu"
    previews = [
        (network, composer_example(request, network, example))
        for network in composer.publisher_networks()
    ]
    return render(
        request,
        "bulk/links.html",
        {"form": form, "can_edit": can_edit, "previews": previews, "section": "links"},
    )


def composer_example(request: WorkspaceRequest, network: str, url: str) -> str:
    workspace = request.workspace
    return add_utm(url, network, workspace) if workspace.utm_enabled else url
