"""Merging moves a whole history to one person; splitting gives an identity's part back."""

from __future__ import annotations

import pytest

from comptoir.contacts.merging import SplitRefused, merge, plan_split, split
from comptoir.contacts.models import Consent, Event, Identity, Person, Tag
from comptoir.inbox.models import Conversation, Message
from tests.factories import ConversationFactory, IdentityFactory, MessageFactory, PersonFactory

pytestmark = pytest.mark.django_db


def test_merge_moves_everything_and_deletes_the_other(workspace, lucie, lucie_on_mastodon):
    regular = Tag.objects.create(workspace=workspace, name="regular")
    press = Tag.objects.create(workspace=workspace, name="press")
    lucie.tags.add(regular)
    lucie_on_mastodon.tags.add(regular, press)
    lucie.notes = "Aime les galettes."
    lucie.save()
    lucie_on_mastodon.notes = "Allergique aux noix."
    lucie_on_mastodon.consent = Consent.NO
    lucie_on_mastodon.save()
    Event.objects.create(
        workspace=workspace, person=lucie_on_mastodon, kind="note", text="Vue au marché"
    )
    other_pk = lucie_on_mastodon.pk

    kept = merge(lucie, lucie_on_mastodon, by=None)

    assert not Person.objects.filter(pk=other_pk).exists()
    assert sorted(kept.identities.values_list("network", "handle")) == [
        ("bluesky", "lucie.martin.bsky.social"),
        ("mastodon", "@luciemartin@piaille.fr"),
    ]
    assert Message.objects.filter(person=kept).count() == 3
    assert Conversation.objects.filter(person=kept).count() == 2
    assert not Message.objects.filter(person_id=other_pk).exists()
    assert sorted(kept.tags.values_list("name", flat=True)) == ["press", "regular"]
    assert kept.notes == "Aime les galettes.\n\nAllergique aux noix."
    # A "do not contact" is never lost in a merge.
    assert kept.consent == Consent.NO
    kinds = sorted(kept.events.values_list("kind", flat=True))
    assert kinds == ["merge", "note"]
    assert "@luciemartin@piaille.fr" in kept.events.get(kind="merge").text


def test_merge_refuses_the_same_person_twice(lucie):
    with pytest.raises(ValueError):
        merge(lucie, lucie, by=None)


def test_split_takes_the_identitys_conversations_along(workspace, lucie, lucie_on_mastodon):
    kept = merge(lucie, lucie_on_mastodon, by=None)
    mastodon = kept.identities.get(network="mastodon")

    new = split(mastodon, by=None)

    assert list(new.identities.values_list("handle", flat=True)) == ["@luciemartin@piaille.fr"]
    assert list(kept.identities.values_list("handle", flat=True)) == ["lucie.martin.bsky.social"]
    assert list(Message.objects.filter(person=new).values_list("text", flat=True)) == [
        "La galette aux pommes était parfaite."
    ]
    assert set(Conversation.objects.filter(person=new).values_list("network", flat=True)) == {
        "mastodon"
    }
    assert Message.objects.filter(person=kept).count() == 2
    assert new.display_name == "lucie martin"
    assert new.events.filter(kind="split").exists() and kept.events.filter(kind="split").exists()


def test_split_tells_two_identities_on_one_network_apart_by_thread(workspace, lucie):
    second = IdentityFactory(workspace=workspace, person=lucie, handle="lulu.bsky.social")
    theirs = ConversationFactory(
        workspace=workspace, person=lucie, network="bluesky", thread_key="at://9#lulu.bsky.social"
    )
    MessageFactory(workspace=workspace, person=lucie, conversation=theirs, text="De lulu")
    # A conversation without a thread key cannot be told apart: it stays.
    unknown = ConversationFactory(workspace=workspace, person=lucie, network="bluesky")
    MessageFactory(workspace=workspace, person=lucie, conversation=unknown, text="Qui ?")

    new = split(second, by=None)

    assert list(Message.objects.filter(person=new).values_list("text", flat=True)) == ["De lulu"]
    assert Message.objects.get(text="Qui ?").person == lucie


def test_split_of_the_only_network_identity_takes_its_demo_conversations(workspace):
    person = PersonFactory(workspace=workspace)
    instagram = IdentityFactory(workspace=workspace, person=person, network="instagram", handle="x")
    conversation = ConversationFactory(workspace=workspace, person=person, network="instagram")
    MessageFactory(
        workspace=workspace, person=person, conversation=conversation, network="instagram"
    )

    assert plan_split(instagram).messages.count() == 1
    new = split(instagram, by=None)
    assert Message.objects.get().person == new


def test_the_only_identity_cannot_be_split(lucie):
    with pytest.raises(SplitRefused):
        plan_split(lucie.identities.get())
    assert Identity.objects.count() == 1
