"""Everything that happened with a person, newest first, in one list.

Messages they sent and the replies they got, the team's notes on their conversations,
their public posts about the business found by listening, and what the team did about
them (notes, merges, splits, consent) are stored in different tables; the timeline reads
each once and sorts them together.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from django.urls import NoReverseMatch, reverse

from comptoir.contacts.mentions import mentions_by
from comptoir.contacts.models import Event, Person
from comptoir.inbox.models import Direction, Message, Note
from comptoir.workspaces.models import Workspace


@dataclass(frozen=True)
class Entry:
    when: datetime
    # "in", "out", "conversation_note", "mention", or an EventKind value.
    kind: str
    text: str
    author: str = ""
    network: str = ""
    url: str = ""


def conversation_url(workspace_slug: str, conversation_id: int) -> str:
    """The conversation's page, or the inbox where the page does not exist."""
    try:
        return reverse(
            "inbox:conversation",
            kwargs={"workspace_slug": workspace_slug, "conversation_id": conversation_id},
        )
    except NoReverseMatch:
        return reverse("inbox:index", kwargs={"workspace_slug": workspace_slug})


def timeline(person: Person, workspace: Workspace) -> list[Entry]:
    entries: list[Entry] = []
    messages = (
        Message.objects.for_workspace(workspace)
        .filter(person=person)
        .select_related("sent_by__user")
    )
    for message in messages:
        outbound = message.direction == Direction.OUTBOUND
        entries.append(
            Entry(
                when=message.received_at,
                kind="out" if outbound else "in",
                text=message.text,
                author=str(message.sent_by.user) if outbound and message.sent_by else "",
                network=message.get_network_display(),
                url=conversation_url(workspace.slug, message.conversation_id),
            )
        )
    notes = (
        Note.objects.for_workspace(workspace)
        .filter(conversation__person=person)
        .select_related("author__user")
    )
    for note in notes:
        entries.append(
            Entry(
                when=note.created_at,
                kind="conversation_note",
                text=note.text,
                author=str(note.author.user) if note.author else "",
                url=conversation_url(workspace.slug, note.conversation_id),
            )
        )
    for event in (
        Event.objects.for_workspace(workspace).filter(person=person).select_related("author__user")
    ):
        entries.append(
            Entry(
                when=event.created_at,
                kind=event.kind,
                text=event.text,
                author=str(event.author.user) if event.author else "",
            )
        )
    for mention in mentions_by(person, workspace):
        entries.append(
            Entry(
                when=mention.found_at,
                kind="mention",
                text=mention.text,
                network=mention.get_network_display(),
            )
        )
    return sorted(entries, key=lambda entry: entry.when, reverse=True)
