"""Merging two people who are one, and splitting an identity out into its own person.

Messages and conversations point to the person, so both operations move whole
histories: nothing is copied, nothing is lost. Each leaves an event in the timeline.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db import transaction
from django.db.models import Q, QuerySet
from django.utils.translation import gettext as _

from comptoir.contacts.models import Consent, Event, EventKind, Identity, Person
from comptoir.inbox.models import Conversation, Message
from comptoir.workspaces.models import Membership

# When two records disagree, the most careful answer wins: a "no" is never lost.
CONSENT_ORDER = [Consent.NO, Consent.YES, Consent.UNKNOWN]


class SplitRefused(Exception):
    """The identity cannot be split out; the message says why, for the person asking."""


def merge(keep: Person, other: Person, by: Membership | None) -> Person:
    """Move everything of ``other`` to ``keep`` and delete ``other``."""
    if keep.pk == other.pk or keep.workspace_id != other.workspace_id:
        raise ValueError("merge needs two people of one workspace")
    with transaction.atomic():
        keep = Person.objects.select_for_update().get(pk=keep.pk)
        other = Person.objects.select_for_update().get(pk=other.pk)
        handles = ", ".join(str(i) for i in other.identities.all())
        other.identities.update(person=keep)
        Message.objects.filter(person=other).update(person=keep)
        Conversation.objects.filter(person=other).update(person=keep)
        Event.objects.filter(person=other).update(person=keep)
        keep.tags.add(*other.tags.all())
        if other.notes.strip():
            keep.notes = "\n\n".join(
                part for part in (keep.notes.strip(), other.notes.strip()) if part
            )
        if CONSENT_ORDER.index(Consent(other.consent)) < CONSENT_ORDER.index(Consent(keep.consent)):
            keep.consent, keep.consent_at = other.consent, other.consent_at
            keep.consent_by_id = other.consent_by_id
        keep.created_at = min(keep.created_at, other.created_at)
        keep.save(update_fields=["notes", "consent", "consent_at", "consent_by", "created_at"])
        Event.objects.create(
            workspace_id=keep.workspace_id,
            person=keep,
            kind=EventKind.MERGE,
            author=by,
            text=_("%(name)s was merged into this person: %(handles)s.")
            % {"name": other.display_name, "handles": handles},
        )
        other.delete()
    return keep


@dataclass(frozen=True)
class SplitPlan:
    """What splitting an identity out would move, shown before it is done."""

    identity: Identity
    conversations: QuerySet[Conversation]
    messages: QuerySet[Message]


def plan_split(identity: Identity) -> SplitPlan:
    """The conversations written under this identity, and their messages.

    A conversation fetched from a network is keyed by its author's handle, which tells
    exactly whose it is. Older ones (the demo's) only know their network: they follow the
    identity when it is the person's only one on that network.
    """
    person = identity.person
    if person.identities.count() < 2:
        raise SplitRefused(_("This is the person's only identity: there is nothing to split."))
    alone = not person.identities.filter(network=identity.network).exclude(pk=identity.pk).exists()
    mine = Q(thread_key__endswith=f"#{identity.handle}")
    if alone:
        mine |= Q(thread_key="")
    conversations = Conversation.objects.filter(
        workspace_id=identity.workspace_id, person=person, network=identity.network
    ).filter(mine)
    messages = Message.objects.filter(
        workspace_id=identity.workspace_id, conversation__in=conversations
    )
    return SplitPlan(identity, conversations, messages)


def split(identity: Identity, by: Membership | None) -> Person:
    """Make ``identity`` a person of its own, taking its conversations and messages along."""
    with transaction.atomic():
        person = Person.objects.select_for_update().get(pk=identity.person_id)
        identity = Identity.objects.select_related("person").get(pk=identity.pk)
        plan = plan_split(identity)
        conversation_ids = list(plan.conversations.values_list("pk", flat=True))
        new = Person.objects.create(
            workspace_id=person.workspace_id,
            display_name=identity.display_name or identity.handle,
            consent=person.consent,
            consent_at=person.consent_at,
            consent_by=person.consent_by,
        )
        new.tags.set(person.tags.all())
        Message.objects.filter(conversation_id__in=conversation_ids).update(person=new)
        Conversation.objects.filter(pk__in=conversation_ids).update(person=new)
        Identity.objects.filter(pk=identity.pk).update(person=new)
        Person.objects.filter(pk=new.pk).update(created_at=identity.first_seen)
        text = _("%(identity)s was split out: %(old)s and %(new)s are two people now.") % {
            "identity": str(identity),
            "old": person.display_name,
            "new": new.display_name,
        }
        for who in (person, new):
            Event.objects.create(
                workspace_id=person.workspace_id,
                person=who,
                kind=EventKind.SPLIT,
                author=by,
                text=text,
            )
    return new
