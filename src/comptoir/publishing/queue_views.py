"""Publish > Queue: each account's weekly time slots, added and removed by the team."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import messages
from django.db import IntegrityError, transaction
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from comptoir.publishing import composer, queue
from comptoir.publishing.forms import AccountChoiceField
from comptoir.publishing.models import QueueSlot, Weekday
from comptoir.workspaces.access import WorkspaceRequest, get_scoped, workspace_view
from comptoir.workspaces.models import Role, Workspace


class AccountField(forms.ModelChoiceField):  # type: ignore[type-arg]
    label_from_instance = AccountChoiceField.label_from_instance


class SlotForm(forms.Form):
    account = AccountField(label=gettext_lazy("Account"), queryset=QueueSlot.objects.none())
    weekdays = forms.TypedMultipleChoiceField(
        label=gettext_lazy("Days"),
        choices=Weekday.choices,
        coerce=int,
        widget=forms.CheckboxSelectMultiple,
    )
    time = forms.TimeField(
        label=gettext_lazy("Time"), widget=forms.TimeInput(attrs={"type": "time"}, format="%H:%M")
    )

    def __init__(self, *args: Any, workspace: Workspace, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["account"]
        assert isinstance(field, AccountField)
        field.queryset = composer.publishable_accounts(workspace)
        self.fields["time"].help_text = _("In the %(zone)s time zone.") % {
            "zone": workspace.timezone
        }


@workspace_view()
def index(request: WorkspaceRequest) -> HttpResponse:
    workspace = request.workspace
    form = SlotForm(workspace=workspace)
    if request.method == "POST":
        if not request.membership.has_role(Role.MEMBER):
            return redirect("publishing:queue", workspace.slug)
        form = SlotForm(request.POST, workspace=workspace)
        if form.is_valid():
            account = form.cleaned_data["account"]
            for weekday in form.cleaned_data["weekdays"]:
                try:
                    with transaction.atomic():
                        QueueSlot.objects.create(
                            workspace=workspace,
                            account=account,
                            weekday=weekday,
                            time=form.cleaned_data["time"],
                        )
                except IntegrityError:  # the same slot exists already: nothing to add
                    pass
            messages.success(request, _("The time slots are saved."))
            return redirect("publishing:queue", workspace.slug)
    accounts = []
    for account in composer.publishable_accounts(workspace):
        slots = QueueSlot.objects.for_workspace(workspace).filter(account=account)
        accounts.append(
            {
                "account": account,
                "label": composer.account_label(account),
                "slots": list(slots),
                "next": queue.next_free_slot(account, workspace.tzinfo),
            }
        )
    return render(
        request,
        "publishing/queue.html",
        {
            "form": form,
            "accounts": accounts,
            "can_edit": request.membership.has_role(Role.MEMBER),
            "tab": "queue",
        },
    )


@require_POST
@workspace_view(Role.MEMBER)
def delete_slot(request: WorkspaceRequest, queueslot_id: int) -> HttpResponse:
    slot = get_scoped(QueueSlot, request.workspace, pk=queueslot_id)
    slot.delete()
    messages.success(request, _("The time slot is removed."))
    return redirect("publishing:queue", request.workspace.slug)
