"""What the reply box needs, computed once for the conversation page and this app's pages."""

from __future__ import annotations

from typing import Any

from comptoir.inbox.models import Conversation, Delivery, Direction, Message
from comptoir.publishing.composer import measure
from comptoir.replies import actions
from comptoir.replies.forms import ReplyForm
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


def pending_replies(conversation: Conversation, thread: list[Message] | None) -> list[Reply]:
    """The conversation's replies not sent yet (awaiting approval, sent back, failed...).

    With the thread at hand, only its outgoing messages not delivered can have one (a
    reply is marked sent with its message): most conversations need no query at all.
    """
    replies = Reply.objects.for_workspace(conversation.workspace).exclude(state=ReplyState.SENT)
    if thread is None:
        return list(
            replies.filter(message__conversation=conversation).select_related(
                "message__sent_by__user", "reviewed_by__user"
            )
        )
    waiting = {
        m.pk: m for m in thread if m.direction == Direction.OUTBOUND and m.delivery != Delivery.SENT
    }
    if not waiting:
        return []
    found = list(replies.filter(message_id__in=waiting).select_related("reviewed_by__user"))
    for reply in found:
        reply.message = waiting[reply.message_id]  # already read, with its sender
    return found


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
    answered = actions.answerable(conversation, thread)
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
    pending = pending_replies(conversation, thread)
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
        "pending_replies": pending,
        "can_write": membership.has_role(Role.MEMBER),
        "can_approve": membership.has_role(Role.MANAGER),
        "needs_approval": actions.needs_approval(membership),
        "membership": membership,
        "signature_line": signature(workspace, membership),
    }
