"""Answering from a conversation: the reply box, its live counter, approval and retries.

The box is included in the inbox's conversation page (``replies/reply_form.html``) and
posts here; with HTMX a refused reply comes back in place with its explanation, and a
written one reloads the conversation. Without JavaScript the same forms work as plain
posts, on this app's own reply page.
"""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpResponse, HttpResponseRedirect
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from comptoir.inbox.models import Conversation, Direction, Message
from comptoir.replies import actions
from comptoir.replies.context import counter as counter_context
from comptoir.replies.context import reply_box
from comptoir.replies.forms import ReplyForm, SendBackForm
from comptoir.replies.models import Reply, ReplyState
from comptoir.workspaces.access import WorkspaceRequest, get_scoped, workspace_view
from comptoir.workspaces.models import Role


def _conversation(request: WorkspaceRequest, conversation_id: int) -> Conversation:
    return get_scoped(Conversation, request.workspace, pk=conversation_id)


def _answered(conversation: Conversation, form: ReplyForm) -> Message | None:
    """The message the form answers: one received in this conversation, else the latest."""
    wanted = form.cleaned_data.get("answers") if form.is_valid() else None
    if wanted:
        found = (
            Message.objects.filter(
                conversation=conversation, direction=Direction.INBOUND, pk=wanted
            )
            .select_related("account")
            .first()
        )
        if found is not None:
            return found
    return actions.answerable(conversation)


def _back(request: WorkspaceRequest, conversation: Conversation) -> HttpResponse:
    url = actions.conversation_url(conversation)
    if request.htmx:  # type: ignore[attr-defined]
        response = HttpResponse(status=204)
        response["HX-Redirect"] = url
        return response
    return HttpResponseRedirect(url)


@workspace_view()
def reply(request: WorkspaceRequest, conversation_id: int) -> HttpResponse:
    """GET: the reply page (the conversation's messages and the box). POST: write the reply."""
    conversation = _conversation(request, conversation_id)
    form = ReplyForm(request.POST or None)
    errors: list[str] = []
    if request.method == "POST":
        if not request.membership.has_role(Role.MEMBER):
            errors = [_("Read-only members cannot answer customers.")]
        elif form.is_valid():
            replacing = None
            if form.cleaned_data.get("rewrite"):
                replacing = (
                    Reply.objects.for_workspace(request.workspace)
                    .filter(
                        pk=form.cleaned_data["rewrite"],
                        state=ReplyState.RETURNED,
                        message__conversation=conversation,
                        message__sent_by=request.membership,
                    )
                    .first()
                )
            try:
                written = actions.create_reply(
                    conversation,
                    request.membership,
                    form.cleaned_data["text"],
                    _answered(conversation, form),
                    replacing=replacing,
                )
            except actions.ReplyRefused as refused:
                errors = refused.problems
            else:
                if written.state == ReplyState.APPROVAL:
                    messages.success(request, _("Your reply waits for a manager's approval."))
                else:
                    messages.success(request, _("Your reply is on its way."))
                return _back(request, conversation)
        else:
            errors = [str(error) for error in form.errors.get("text", [])] or [
                _("Your reply could not be read. Please write it again.")
            ]
    context = reply_box(conversation, request.membership, form if errors else None, errors)
    with timezone.override(request.workspace.tzinfo):
        if request.htmx:  # type: ignore[attr-defined]
            return render(request, "replies/reply_box.html", context)
        thread = Message.objects.filter(conversation=conversation).select_related(
            "sent_by__user", "person"
        )
        return render(
            request,
            "replies/reply_page.html",
            {**context, "thread": thread.order_by("received_at", "pk")},
            status=400 if errors else 200,
        )


@require_POST
@workspace_view()
def counter(request: WorkspaceRequest, conversation_id: int) -> HttpResponse:
    """The live counter and window, recomputed on the server as the colleague types."""
    conversation = _conversation(request, conversation_id)
    form = ReplyForm(request.POST)
    text = form.cleaned_data.get("text", "") if form.is_valid() else ""
    answered = _answered(conversation, form)
    context = {"counter": counter_context(conversation, request.membership, text, answered)}
    return render(request, "replies/counter.html", context)


def _reply(request: WorkspaceRequest, reply_id: int) -> Reply:
    return get_scoped(Reply, request.workspace, pk=reply_id)


def _done(request: WorkspaceRequest, item: Reply, moved: bool, success: str) -> HttpResponse:
    if moved:
        messages.success(request, success)
    else:
        messages.error(request, _("This reply has changed meanwhile; here is where it stands."))
    return redirect(actions.conversation_url(item.message.conversation))


@require_POST
@workspace_view(Role.MANAGER)
def approve(request: WorkspaceRequest, reply_id: int) -> HttpResponse:
    item = _reply(request, reply_id)
    moved = actions.approve(item, request.membership)
    return _done(request, item, moved, _("Approved: the reply is on its way."))


@require_POST
@workspace_view(Role.MANAGER)
def send_back(request: WorkspaceRequest, reply_id: int) -> HttpResponse:
    item = _reply(request, reply_id)
    form = SendBackForm(request.POST)
    comment = form.cleaned_data["comment"] if form.is_valid() else ""
    moved = actions.send_back(item, request.membership, comment)
    return _done(request, item, moved, _("The reply was sent back to its author."))


@require_POST
@workspace_view(Role.MEMBER)
def retry(request: WorkspaceRequest, reply_id: int) -> HttpResponse:
    item = _reply(request, reply_id)
    moved = actions.retry(item)
    return _done(request, item, moved, _("Comptoir is trying again."))


@require_POST
@workspace_view(Role.MEMBER)
def discard(request: WorkspaceRequest, reply_id: int) -> HttpResponse:
    item = _reply(request, reply_id)
    mine = item.message.sent_by_id == request.membership.pk
    if not (mine or request.membership.has_role(Role.MANAGER)):
        messages.error(request, _("Only its author or a manager can delete this reply."))
        return redirect(actions.conversation_url(item.message.conversation))
    moved = actions.discard(item)
    return _done(request, item, moved, _("The reply was deleted from Comptoir."))
