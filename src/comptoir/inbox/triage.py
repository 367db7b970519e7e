"""What a colleague changes on a conversation: status, snooze, assignee, labels, notes.

Views stay thin and call these. None of these changes touch the summary fields drawn
from the messages (``conversations.refresh``); assigning tells the new assignee at once.
"""

from __future__ import annotations

from datetime import datetime, time, timedelta, tzinfo

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from comptoir.inbox.models import Conversation, ConversationStatus, Label, Note
from comptoir.notifications.actions import notify
from comptoir.workspaces.models import Membership

SNOOZE_PRESETS = ("1h", "tomorrow")
MORNING = time(9, 0)


def set_status(conversation: Conversation, status: str) -> None:
    """Move the conversation to ``status``; done records when, reopening forgets it."""
    if status not in ConversationStatus.values:
        raise ValueError(status)
    conversation.status = status
    conversation.resolved_at = timezone.now() if status == ConversationStatus.DONE else None
    fields = ["status", "resolved_at"]
    if status == ConversationStatus.DONE:
        # A closed conversation no longer waits: nothing to snooze.
        conversation.snoozed_until = None
        fields.append("snoozed_until")
    conversation.save(update_fields=fields)


def snooze_until(preset: str, now: datetime, tz: tzinfo) -> datetime:
    """The end of a preset snooze: in one hour, or tomorrow at 9:00 in the workspace."""
    if preset == "1h":
        return now + timedelta(hours=1)
    local = timezone.localtime(now, tz)
    return datetime.combine(local.date() + timedelta(days=1), MORNING, tzinfo=tz)


def snooze(conversation: Conversation, until: datetime | None) -> None:
    """Hide the conversation from "To answer" until then (None wakes it now)."""
    conversation.snoozed_until = until
    conversation.save(update_fields=["snoozed_until"])


def assign(conversation: Conversation, assignee: Membership | None, by: Membership) -> None:
    """Give the conversation to ``assignee``, who is told unless they did it themselves."""
    previous = conversation.assignee_id
    conversation.assignee = assignee
    conversation.save(update_fields=["assignee"])
    if assignee is None or assignee.pk == previous or assignee.pk == by.pk:
        return
    notify(
        conversation.workspace,
        [assignee],
        _("Conversation with %(name)s assigned to you"),
        url=reverse("inbox:conversation", args=[conversation.workspace.slug, conversation.pk]),
        body=_("%(by)s assigned you this conversation."),
        params={"name": conversation.person.display_name, "by": str(by.user)},
    )


def add_note(conversation: Conversation, author: Membership, text: str) -> Note:
    return Note.objects.create(
        workspace=conversation.workspace, conversation=conversation, author=author, text=text
    )


def add_label(conversation: Conversation, label: Label) -> None:
    conversation.labels.add(label)


def remove_label(conversation: Conversation, label: Label) -> None:
    conversation.labels.remove(label)


def create_label(conversation: Conversation, name: str) -> Label:
    """The workspace's label of this name (created when new), put on the conversation."""
    label, _created = Label.objects.get_or_create(workspace=conversation.workspace, name=name)
    add_label(conversation, label)
    return label
