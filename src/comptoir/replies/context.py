"""What the reply box needs, computed once for the conversation page and this app's pages."""

from __future__ import annotations

from typing import Any

from comptoir.inbox.models import Conversation, Direction, Message
from comptoir.publishing.composer import measure
from comptoir.replies import actions
from comptoir.replies.forms import ReplyForm, SendBackForm
from comptoir.replies.models import Reply, ReplyState, SavedReply
from comptoir.replies.text import saved_reply_text, signature, signed
from comptoir.replies.window import window_for
from comptoir.workspaces.models import Membership, Role


def counter(
    conversation: Conversation, membership: Membership, text: str, answered: Message | None
) -> dict[str, Any]:
    """The live counter: the signed text measured the way the network counts."""
    window = window_for(conversation, answered)
    data: dict[str, Any] = {"window": window, "problems": [], "length": None, "limit": None}
    if answered is None or answered.account is None:
        return data
    measured = measure(answered.account, signed(text, conversation.workspace, membership))
    data.update(length=measured.length, limit=measured.limit, over=measured.over)
    if text.strip():
        data["problems"] = actions.problems(conversation, membership, text, answered)
    return data


def reply_box(
    conversation: Conversation,
    membership: Membership,
    form: ReplyForm | None = None,
    errors: list[str] | None = None,
    rewrite: str | None = None,
    thread: list[Message] | None = None,
) -> dict[str, Any]:
    """The box's context; ``rewrite`` names a reply sent back, to write again.

    ``thread``, the conversation's messages when the page has read them already (with
    their accounts and senders), spares the queries that would read them again.
    """
    workspace = conversation.workspace
    if thread is None:
        answered = actions.answerable(conversation)
    else:
        answered = next((m for m in reversed(thread) if m.direction == Direction.INBOUND), None)
    if form is None:
        initial: dict[str, Any] = {"answers": answered.pk if answered else None}
        returned = (
            Reply.objects.for_workspace(workspace)
            .filter(
                pk=int(rewrite),
                state=ReplyState.RETURNED,
                message__conversation=conversation,
                message__sent_by=membership,
            )
            .first()
            if rewrite and rewrite.isdigit()
            else None
        )
        if returned is not None:
            initial.update(text=returned.body, rewrite=returned.pk)
        form = ReplyForm(initial=initial)
    text = str(form["text"].value() or "")
    replies = (
        Reply.objects.for_workspace(workspace)
        .exclude(state=ReplyState.SENT)
        .select_related("message__sent_by__user", "reviewed_by__user")
    )
    if thread is None:
        replies = replies.filter(message__conversation=conversation)
    else:
        # Each reply is an outgoing message of the thread: found by its message, or none.
        outgoing = [m.pk for m in thread if m.direction == Direction.OUTBOUND]
        replies = replies.filter(message_id__in=outgoing) if outgoing else replies.none()
    saved = [
        (item, saved_reply_text(item.text, workspace, membership, conversation.person))
        for item in SavedReply.objects.for_workspace(workspace)
    ]
    window = window_for(conversation, answered)
    return {
        "conversation": conversation,
        "reply_form": form,
        "reply_errors": errors or [],
        "answered": answered,
        # What no text can fix (no account, a closed window...): the form is not offered.
        "reply_blocked": actions.problems(conversation, membership, ".", answered),
        "window": window,
        "counter": counter(conversation, membership, text, answered),
        "saved_replies": saved,
        "pending_replies": list(replies),
        "can_write": membership.has_role(Role.MEMBER),
        "can_approve": membership.has_role(Role.MANAGER),
        "needs_approval": actions.needs_approval(membership),
        "send_back_form": SendBackForm(),
        "membership": membership,
        "signature_line": signature(workspace, membership),
    }
