"""One-click corrections of a message's or a mention's labels.

Answered with the label editor fragment for HTMX, which swaps it in place; a browser
without JavaScript posts the same form and is sent back to the page it came from.
"""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from comptoir.inbox.models import Direction, Message
from comptoir.listening.models import Mention
from comptoir.nlp.corrections import correct
from comptoir.nlp.forms import LabelsForm
from comptoir.workspaces.access import WorkspaceRequest, get_scoped, workspace_view
from comptoir.workspaces.models import Role


@require_POST
@workspace_view(Role.MEMBER)
def message_labels(request: WorkspaceRequest, message_id: int) -> HttpResponse:
    message = get_scoped(Message, request.workspace, pk=message_id, direction=Direction.INBOUND)
    fallback = reverse("inbox:index", args=[request.workspace.slug])
    return _correct(request, message, "message", fallback)


@require_POST
@workspace_view(Role.MEMBER)
def mention_labels(request: WorkspaceRequest, mention_id: int) -> HttpResponse:
    mention = get_scoped(Mention, request.workspace, pk=mention_id)
    fallback = reverse("listening:index", args=[request.workspace.slug])
    return _correct(request, mention, "mention", fallback)


def _correct(
    request: WorkspaceRequest, item: Message | Mention, kind: str, fallback: str
) -> HttpResponse:
    form = LabelsForm(request.POST)
    valid = form.is_valid()
    if valid:
        correct(item, form.changes(), request.membership)
    errors = [str(e) for field_errors in form.errors.values() for e in field_errors]
    if request.htmx:  # type: ignore[attr-defined]
        # htmx swaps only successful answers: the error is shown inside the fragment.
        context = {
            kind: item,
            "label_errors": errors,
            "labels_saved": valid,
            "label_next": request.POST.get("next", ""),
        }
        return render(request, "nlp/label_editor.html", context)
    if valid:
        messages.success(request, _("Labels saved."))
    else:
        messages.error(request, " ".join(errors))
    next_url = request.POST.get("next", "")
    if not url_has_allowed_host_and_scheme(
        next_url, {request.get_host()}, require_https=request.is_secure()
    ):
        next_url = fallback
    return HttpResponseRedirect(next_url)
