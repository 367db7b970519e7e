"""Answering customers: writing a reply, its approval round, and asking for it to be sent.

Views call these functions; the network is reached only by ``sending`` in a background
task, so a page never waits on a network and a reply is never sent from two places.
Every state change is a conditional UPDATE on the reply's current state: two clicks (two
managers approving, a double submit) can never both succeed.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterable

from django.db import transaction
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from comptoir.inbox.models import Conversation, Delivery, Direction, Message, MessageKind
from comptoir.networks.errors import ErrorKind
from comptoir.networks.models import AccountStatus
from comptoir.networks.registry import get_network
from comptoir.notifications.actions import notify
from comptoir.publishing.composer import account_label, limit_problems
from comptoir.replies.models import Reply, ReplyState
from comptoir.replies.text import signed
from comptoir.replies.window import window_for
from comptoir.workspaces.models import Membership, Role

# What each kind of received message is answered with, as a connector capability.
CAPABILITY = {MessageKind.DIRECT: "messaging", MessageKind.REVIEW: "reviews"}


class ReplyRefused(Exception):
    """The reply cannot be written or sent as asked; ``problems`` say why, translated."""

    def __init__(self, problems: Iterable[str]) -> None:
        self.problems = list(problems)
        super().__init__("; ".join(self.problems))


def conversation_url(conversation: Conversation) -> str:
    """The conversation's page in the inbox, or this app's reply page while it has none."""
    kwargs = {"workspace_slug": conversation.workspace.slug, "conversation_id": conversation.pk}
    try:
        return reverse("inbox:conversation", kwargs=kwargs)
    except NoReverseMatch:
        return reverse("replies:reply", kwargs=kwargs)


def answerable(conversation: Conversation, thread: list[Message] | None = None) -> Message | None:
    """The message a new reply answers by default: the customer's latest one.

    ``thread``, the conversation's messages in order when a page has read them already,
    is searched instead of asking the database again.
    """
    if thread is not None:
        return next((m for m in reversed(thread) if m.direction == Direction.INBOUND), None)
    inbound = Message.objects.filter(conversation=conversation, direction=Direction.INBOUND)
    return inbound.select_related("account").order_by("-received_at", "-pk").first()


def capability_for(message: Message) -> str:
    return CAPABILITY.get(MessageKind(message.kind), "engagement")


def problems(
    conversation: Conversation, membership: Membership, text: str, answered: Message | None
) -> list[str]:
    """Why this reply cannot go out now; empty when it can."""
    if not text.strip():
        return [_("Write your reply first.")]
    if answered is None:
        return [_("There is no message from the customer to answer in this conversation.")]
    account = answered.account
    if account is None or not answered.remote_id:
        return [
            _(
                "This message did not come through a connected account (it is sample data), "
                "so Comptoir cannot answer it on the network."
            )
        ]
    if account.status != AccountStatus.ACTIVE:
        return [
            _("The account %(account)s must be reconnected before you can answer from it.")
            % {"account": account_label(account)}
        ]
    spec = get_network(account.network)
    if capability_for(answered) not in spec.capabilities:
        return [str(ErrorKind.UNSUPPORTED.message)]
    window = window_for(conversation, answered)
    if window is not None and not window.is_open:
        return [window.describe()]
    return limit_problems(account, signed(text, conversation.workspace, membership))


def needs_approval(membership: Membership) -> bool:
    return membership.replies_need_approval and not membership.has_role(Role.MANAGER)


def approvers(membership: Membership) -> list[Membership]:
    """Who approves ``membership``'s replies: the workspace's managers and owners."""
    return list(
        Membership.objects.filter(
            workspace_id=membership.workspace_id, role__in=[Role.OWNER, Role.MANAGER]
        )
        .exclude(pk=membership.pk)
        .select_related("user")
    )


def create_reply(
    conversation: Conversation,
    membership: Membership,
    text: str,
    answered: Message | None,
    replacing: Reply | None = None,
) -> Reply:
    """Write the reply in the conversation; it goes out at once or waits for approval.

    ``replacing`` is a reply that was sent back and is now rewritten: it is removed in the
    same transaction, so the conversation never shows both.
    """
    found = problems(conversation, membership, text, answered)
    if found:
        raise ReplyRefused(found)
    assert answered is not None and answered.account is not None  # checked just above
    workspace = conversation.workspace
    approval = needs_approval(membership)
    now = timezone.now()
    with transaction.atomic():
        if replacing is not None:
            Message.objects.filter(
                pk=replacing.message_id, reply__state=ReplyState.RETURNED
            ).delete()
        message = Message.objects.create(
            workspace=workspace,
            conversation=conversation,
            direction=Direction.OUTBOUND,
            sent_by=membership,
            answers=answered,
            delivery=Delivery.AWAITING_APPROVAL if approval else Delivery.QUEUED,
            network=answered.network,
            kind=MessageKind.DIRECT if answered.kind == MessageKind.DIRECT else MessageKind.REPLY,
            person=conversation.person,
            text=signed(text, workspace, membership),
            received_at=now,
            account=answered.account,
        )
        reply = Reply.objects.create(
            workspace=workspace,
            message=message,
            body=text.strip(),
            state=ReplyState.APPROVAL if approval else ReplyState.QUEUED,
            idempotency_key=uuid.uuid4().hex,
            queued_at=None if approval else now,
            due_at=None if approval else now,
        )
        if approval:
            notify(
                workspace,
                approvers(membership),
                gettext_lazy("%(name)s wrote a reply that needs your approval"),
                url=conversation_url(conversation),
                body=gettext_lazy("To %(customer)s: %(text)s"),
                params={
                    "name": str(membership.user),
                    "customer": conversation.person.display_name,
                    "text": text.strip()[:300],
                },
            )
        else:
            enqueue_after_commit(reply.pk)
    return reply


def enqueue_after_commit(reply_id: int) -> None:
    from comptoir.replies.tasks import send_reply_task

    transaction.on_commit(lambda: send_reply_task.enqueue(reply_id))


def _move(reply: Reply, source: ReplyState, **changes: object) -> bool:
    """Change the reply's state only if it is still ``source``: the one-click guarantee."""
    return bool(Reply.objects.filter(pk=reply.pk, state=source).update(**changes))


def approve(reply: Reply, approver: Membership) -> bool:
    """Send a reply awaiting approval; False when someone else already decided."""
    now = timezone.now()
    with transaction.atomic():
        moved = _move(
            reply,
            ReplyState.APPROVAL,
            state=ReplyState.QUEUED,
            reviewed_by=approver,
            queued_at=now,
            due_at=now,
        )
        if moved:
            Message.objects.filter(pk=reply.message_id).update(delivery=Delivery.QUEUED)
            enqueue_after_commit(reply.pk)
    return moved


def send_back(reply: Reply, approver: Membership, comment: str) -> bool:
    """Return a reply to its author with a comment; it is not sent."""
    message = reply.message
    with transaction.atomic():
        moved = _move(
            reply,
            ReplyState.APPROVAL,
            state=ReplyState.RETURNED,
            reviewed_by=approver,
            review_comment=comment.strip(),
        )
        if not moved:
            return False
        Message.objects.filter(pk=message.pk).update(
            delivery=Delivery.FAILED, delivery_error=comment.strip()
        )
        author = message.sent_by
        if author is not None and author.pk != approver.pk:
            notify(
                reply.workspace,
                [author],
                gettext_lazy("%(name)s sent your reply back"),
                url=conversation_url(message.conversation),
                # The comment is a value, never a format: "50 %" must not break it.
                body="%(comment)s",
                params={"name": str(approver.user), "comment": comment.strip()},
            )
    return True


def retry(reply: Reply) -> bool:
    """Send again a reply that failed in a way that certainly sent nothing."""
    now = timezone.now()
    with transaction.atomic():
        moved = bool(
            Reply.objects.filter(pk=reply.pk, state=ReplyState.FAILED, retryable=True).update(
                state=ReplyState.QUEUED, queued_at=now, due_at=now, attempts=0, error_kind=""
            )
        )
        if moved:
            Message.objects.filter(pk=reply.message_id).update(
                delivery=Delivery.QUEUED, delivery_error=""
            )
            enqueue_after_commit(reply.pk)
    return moved


def discard(reply: Reply) -> bool:
    """Remove a reply that did not leave, or that a person checked on the network."""
    removable = [ReplyState.RETURNED, ReplyState.APPROVAL, ReplyState.FAILED, ReplyState.UNKNOWN]
    with transaction.atomic():
        locked = Reply.objects.select_for_update().filter(pk=reply.pk, state__in=removable)
        if not locked.exists():
            return False
        Message.objects.filter(pk=reply.message_id).delete()
    return True
