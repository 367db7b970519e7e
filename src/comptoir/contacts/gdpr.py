"""A person's rights over what the business holds on them: a copy of it, or its erasure.

The export gathers every row Comptoir keeps about the person. Erasing deletes those same
rows (the person, their identities, their conversations with their messages and the
team's notes on them, their public posts found by listening, notifications pointing
there) and keeps only a count of what went, so that the business can show it honoured
the request without keeping who asked.
"""

from __future__ import annotations

import functools
import operator
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from django.apps import apps
from django.db import transaction
from django.db.models import CASCADE, Model, Q, QuerySet
from django.urls import reverse
from django.utils import timezone

from comptoir.contacts.mentions import mentions_by
from comptoir.contacts.models import Erasure, Event, Person
from comptoir.contacts.timeline import conversation_url
from comptoir.inbox.models import Conversation, Message, Note
from comptoir.listening.models import Mention
from comptoir.notifications.models import Notification
from comptoir.workspaces.models import Membership, Workspace

FORMAT_VERSION = 1


def _when(value: datetime | None) -> str | None:
    return value.isoformat() if value else None


def export(person: Person, workspace: Workspace) -> dict[str, Any]:
    """Everything held on ``person``, as plain JSON-ready data."""
    conversations = (
        Conversation.objects.for_workspace(workspace)
        .filter(person=person)
        .prefetch_related("labels")
        .order_by("started_at", "pk")
    )
    notes = Note.objects.for_workspace(workspace).filter(conversation__person=person)
    notes_by_conversation: dict[int, list[dict[str, Any]]] = {}
    for note in notes.order_by("created_at", "pk"):
        notes_by_conversation.setdefault(note.conversation_id, []).append(
            {"text": note.text, "written_at": _when(note.created_at)}
        )
    messages = (
        Message.objects.for_workspace(workspace).filter(person=person).order_by("received_at", "pk")
    )
    return {
        "format": FORMAT_VERSION,
        "exported_at": _when(timezone.now()),
        "business": workspace.name,
        "person": {
            "name": person.display_name,
            "first_seen": _when(person.created_at),
            "notes": person.notes,
            "tags": sorted(tag.name for tag in person.tags.all()),
            "consent": person.consent,
            "consent_recorded_at": _when(person.consent_at),
        },
        "identities": [
            {
                "network": identity.network,
                "handle": identity.handle,
                "name": identity.display_name,
                "profile_url": identity.profile_url,
                "first_seen": _when(identity.first_seen),
            }
            for identity in person.identities.all()
        ],
        "conversations": [
            {
                "id": conversation.pk,
                "network": conversation.network,
                "status": conversation.status,
                "started_at": _when(conversation.started_at),
                "last_message_at": _when(conversation.last_message_at),
                "labels": sorted(label.name for label in conversation.labels.all()),
                "language": conversation.language,
                "sentiment": conversation.sentiment,
                "intent": conversation.intent,
                "team_notes": notes_by_conversation.get(conversation.pk, []),
            }
            for conversation in conversations
        ],
        "messages": [
            {
                "conversation": message.conversation_id,
                "direction": message.direction,
                "network": message.network,
                "kind": message.kind,
                "text": message.text,
                "at": _when(message.received_at),
                "address": message.url,
                "language": message.language,
                "sentiment": message.sentiment,
                "intent": message.intent,
            }
            for message in messages
        ],
        "public_posts": [
            {
                "network": mention.network,
                "name": mention.author_name,
                "handle": mention.author_handle,
                "text": mention.text,
                "found_at": _when(mention.found_at),
                "address": mention.url,
                "language": mention.language,
                "sentiment": mention.sentiment,
                "intent": mention.intent,
            }
            for mention in mentions_by(person, workspace).order_by("found_at", "pk")
        ],
        "timeline": [
            {"kind": event.kind, "text": event.text, "at": _when(event.created_at)}
            for event in Event.objects.for_workspace(workspace)
            .filter(person=person)
            .order_by("created_at", "pk")
        ],
    }


def _derived(person: Person, workspace: Workspace) -> list[QuerySet[Any]]:
    """Rows of other features that outlive the person's messages or conversations.

    A foreign key that is not ``CASCADE`` (a label correction keeps a copy of the text
    it corrected, with ``SET_NULL``) would keep a trace of the person after the erasure:
    those rows are deleted too. Found by walking the models, so that a feature added
    later is covered without changing this module.
    """
    targets: dict[type[Model], QuerySet[Any]] = {
        Person: Person.objects.filter(pk=person.pk),
        Conversation: Conversation.objects.for_workspace(workspace).filter(person=person),
        Message: Message.objects.for_workspace(workspace).filter(person=person),
        Mention: mentions_by(person, workspace),
    }
    found = []
    for model in apps.get_models():
        if model in targets:
            continue
        for field in model._meta.concrete_fields:
            target = field.related_model if field.many_to_one or field.one_to_one else None
            on_delete = getattr(field.remote_field, "on_delete", CASCADE)
            if target in targets and on_delete is not CASCADE:
                lookup = {f"{field.name}__in": targets[target].values("pk")}
                found.append(model._default_manager.filter(**lookup))
    return found


@dataclass(frozen=True)
class ErasurePlan:
    """What erasing would delete, counted for the confirmation page."""

    identities: int
    conversations: int
    messages: int
    team_notes: int
    events: int
    notifications: int
    derived: int
    public_posts: int


def _notifications(person: Person, workspace: Workspace) -> QuerySet[Notification]:
    """Notifications that lead to the person's page or to one of their conversations."""
    paths = {
        reverse(
            "contacts:person", kwargs={"workspace_slug": workspace.slug, "person_id": person.pk}
        )
    }
    inbox = reverse("inbox:index", kwargs={"workspace_slug": workspace.slug})
    for pk in (
        Conversation.objects.for_workspace(workspace)
        .filter(person=person)
        .values_list("pk", flat=True)
    ):
        path = conversation_url(workspace.slug, pk)
        if path != inbox:
            paths.add(path)
    match = functools.reduce(operator.or_, (Q(url__startswith=path) for path in paths))
    return Notification.objects.for_workspace(workspace).filter(match)


def plan_erasure(person: Person, workspace: Workspace) -> ErasurePlan:
    return ErasurePlan(
        identities=person.identities.count(),
        conversations=Conversation.objects.for_workspace(workspace).filter(person=person).count(),
        messages=Message.objects.for_workspace(workspace).filter(person=person).count(),
        team_notes=Note.objects.for_workspace(workspace)
        .filter(conversation__person=person)
        .count(),
        events=Event.objects.for_workspace(workspace).filter(person=person).count(),
        notifications=_notifications(person, workspace).count(),
        derived=sum(rows.count() for rows in _derived(person, workspace)),
        public_posts=mentions_by(person, workspace).count(),
    )


def erase(person: Person, workspace: Workspace, by: Membership | None) -> Erasure:
    """Delete everything held on ``person`` and record that it was done, without who."""
    with transaction.atomic():
        plan = plan_erasure(person, workspace)
        _notifications(person, workspace).delete()
        for rows in _derived(person, workspace):
            rows.delete()
        mentions_by(person, workspace).delete()
        # Replies point to the messages they answer; both go, in one delete.
        Message.objects.for_workspace(workspace).filter(person=person).delete()
        Conversation.objects.for_workspace(workspace).filter(person=person).delete()
        person.delete()
        return Erasure.objects.create(
            workspace=workspace,
            erased_by=by,
            identities=plan.identities,
            conversations=plan.conversations,
            messages=plan.messages,
        )
