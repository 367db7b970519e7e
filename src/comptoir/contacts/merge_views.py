"""Merging duplicates (suggested or chosen) and splitting an identity out."""

from __future__ import annotations

from django.contrib import messages
from django.db.models import Q
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from comptoir.contacts.merging import SplitRefused, merge, plan_split, split
from comptoir.contacts.models import Identity, Person
from comptoir.contacts.suggestions import suggestions as find_suggestions
from comptoir.workspaces.access import WorkspaceRequest, get_scoped, workspace_view
from comptoir.workspaces.models import Role


@workspace_view()
def suggestions(request: WorkspaceRequest) -> HttpResponse:
    return render(
        request,
        "contacts/suggestions.html",
        {
            "suggestions": find_suggestions(request.workspace),
            "can_edit": request.membership.has_role(Role.MEMBER),
        },
    )


@workspace_view(Role.MEMBER)
def merge_into(request: WorkspaceRequest, person_id: int) -> HttpResponse:
    """GET: find someone to merge into this person; POST ``other``: merge them."""
    keep = get_scoped(Person, request.workspace, pk=person_id)
    if request.method == "POST":
        other_id = request.POST.get("other", "")
        other = (
            Person.objects.for_workspace(request.workspace)
            .filter(pk=int(other_id))
            .exclude(pk=keep.pk)
            .first()
            if other_id.isdigit()
            else None
        )
        if other is None:
            messages.error(request, _("That person no longer exists: nothing was merged."))
            return redirect("contacts:merge", request.workspace.slug, keep.pk)
        name = other.display_name
        merge(keep, other, request.membership)
        messages.success(
            request,
            _("%(other)s was merged into %(name)s.") % {"other": name, "name": keep.display_name},
        )
        return redirect("contacts:person", request.workspace.slug, keep.pk)
    query = " ".join(request.GET.get("q", "").split())[:100]
    candidates = Person.objects.none()
    if query:
        handles = Identity.objects.for_workspace(request.workspace).filter(handle__icontains=query)
        candidates = (
            Person.objects.for_workspace(request.workspace)
            .filter(Q(display_name__icontains=query) | Q(pk__in=handles.values("person_id")))
            .exclude(pk=keep.pk)
            .prefetch_related("identities")[:20]
        )
    return render(
        request, "contacts/merge.html", {"person": keep, "q": query, "candidates": candidates}
    )


@workspace_view(Role.MEMBER)
def split_identity(request: WorkspaceRequest, person_id: int, identity_id: int) -> HttpResponse:
    """GET: what would move; POST: make the identity a person of its own."""
    identity = get_scoped(Identity, request.workspace, pk=identity_id, person_id=person_id)
    try:
        plan = plan_split(identity)
    except SplitRefused as refused:
        messages.error(request, str(refused))
        return redirect("contacts:person", request.workspace.slug, person_id)
    if request.method == "POST":
        new = split(identity, request.membership)
        messages.success(
            request, _("%(identity)s is now a person of its own.") % {"identity": identity}
        )
        return redirect("contacts:person", request.workspace.slug, new.pk)
    return render(
        request,
        "contacts/split.html",
        {
            "person": identity.person,
            "identity": identity,
            "conversations": plan.conversations.count(),
            "messages_count": plan.messages.count(),
        },
    )
