"""Settings > Publishing: the approval rule, who needs approval, and the calendar feed."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from comptoir.publishing import feed
from comptoir.workspaces.access import WorkspaceRequest, workspace_view
from comptoir.workspaces.models import Membership, Role, Workspace


class ApprovalForm(forms.ModelForm):  # type: ignore[type-arg]
    """The workspace's rule, and one checkbox per member for "their posts need approval"."""

    class Meta:
        model = Workspace
        fields = ["approval_mode"]
        widgets = {"approval_mode": forms.RadioSelect}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.members = list(Membership.objects.for_workspace(self.instance).select_related("user"))
        for membership in self.members:
            self.fields[self.member_field(membership)] = forms.BooleanField(
                label=str(membership.user),
                required=False,
                initial=membership.posts_need_approval,
            )

    @staticmethod
    def member_field(membership: Membership) -> str:
        return f"member_{membership.pk}"

    def member_fields(self) -> list[tuple[Membership, forms.BoundField]]:
        return [(m, self[self.member_field(m)]) for m in self.members]

    def save(self, commit: bool = True) -> Workspace:
        workspace: Workspace = super().save(commit=commit)
        for membership in self.members:
            wanted = bool(self.cleaned_data.get(self.member_field(membership)))
            if membership.posts_need_approval != wanted:
                Membership.objects.filter(pk=membership.pk).update(posts_need_approval=wanted)
        return workspace


@workspace_view()
def index(request: WorkspaceRequest) -> HttpResponse:
    workspace = request.workspace
    can_edit = request.membership.has_role(Role.MANAGER)
    form = ApprovalForm(instance=workspace)
    if request.method == "POST" and can_edit:
        form = ApprovalForm(request.POST, instance=workspace)
        if form.is_valid():
            form.save()
            messages.success(request, _("The publishing settings are saved."))
            return redirect("publishing_settings:index", workspace.slug)
    calendar_feed = feed.feed_for(workspace) if request.membership.has_role(Role.MEMBER) else None
    return render(
        request,
        "publishing/settings.html",
        {
            "form": form,
            "can_edit": can_edit,
            "feed_url": feed.feed_url(calendar_feed) if calendar_feed else "",
            "section": "publishing",
        },
    )


@require_POST
@workspace_view(Role.MANAGER)
def regenerate_feed(request: WorkspaceRequest) -> HttpResponse:
    feed.regenerate(request.workspace)
    messages.success(request, _("The calendar has a new address; the old one no longer works."))
    return redirect("publishing_settings:index", request.workspace.slug)
