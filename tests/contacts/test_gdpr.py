"""A person can have a copy of everything held on them, or have it all erased."""

from __future__ import annotations

import json

import pytest
from django.apps import apps
from django.urls import reverse

from comptoir.contacts import gdpr
from comptoir.contacts.models import Erasure, Event, Identity, Person, Tag
from comptoir.inbox.models import Conversation, Message, Note
from comptoir.listening.models import Mention
from comptoir.nlp.models import Correction
from comptoir.notifications.models import Notification
from tests.factories import MembershipFactory, MentionFactory, PersonFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def history(workspace, lucie, lucie_on_mastodon, owner):
    """Lucie, merged from two networks, with everything a person can have around them."""
    from comptoir.contacts.merging import merge

    merge(lucie, lucie_on_mastodon, by=None)
    lucie.tags.add(Tag.objects.create(workspace=workspace, name="fidèle"))
    lucie.notes = "Allergique aux noix"
    lucie.consent = "yes"
    lucie.save()
    Event.objects.create(workspace=workspace, person=lucie, kind="note", text="Vue au marché")
    conversation = lucie.conversations.filter(network="bluesky").get()
    Note.objects.create(workspace=workspace, conversation=conversation, text="Rappeler")
    page = reverse("inbox:conversation", args=[workspace.slug, conversation.pk])
    Notification.objects.create(
        workspace=workspace, recipient=owner, title="Lucie Martin attend", url=page
    )
    Notification.objects.create(workspace=workspace, recipient=owner, title="Autre", url="/w/x/")
    MentionFactory(
        workspace=workspace,
        network="mastodon",
        author_handle="@luciemartin@piaille.fr",
        text="Les galettes de Martin !",
        url="https://piaille.fr/@luciemartin/1",
    )
    # The same handle on another network is someone else.
    MentionFactory(workspace=workspace, network="bluesky", author_handle="@luciemartin@piaille.fr")
    return lucie


def test_export_holds_everything(workspace, history):
    data = gdpr.export(history, workspace)
    assert data["person"]["name"] == "Lucie Martin"
    assert data["person"]["notes"] == "Allergique aux noix"
    assert data["person"]["tags"] == ["fidèle"]
    assert data["person"]["consent"] == "yes"
    assert sorted((i["network"], i["handle"]) for i in data["identities"]) == [
        ("bluesky", "lucie.martin.bsky.social"),
        ("mastodon", "@luciemartin@piaille.fr"),
    ]
    assert sorted(m["text"] for m in data["messages"]) == sorted(
        Message.objects.filter(person=history).values_list("text", flat=True)
    )
    assert {m["direction"] for m in data["messages"]} == {"in", "out"}
    assert len(data["conversations"]) == 2
    notes = [n["text"] for c in data["conversations"] for n in c["team_notes"]]
    assert notes == ["Rappeler"]
    assert {e["kind"] for e in data["timeline"]} == {"merge", "note"}
    assert [p["text"] for p in data["public_posts"]] == ["Les galettes de Martin !"]
    assert [p["address"] for p in data["public_posts"]] == ["https://piaille.fr/@luciemartin/1"]


def test_export_downloads_as_json(owner_client, workspace, history):
    response = owner_client.get(reverse("contacts:export", args=[workspace.slug, history.pk]))
    assert response["Content-Type"].startswith("application/json")
    assert "attachment" in response["Content-Disposition"]
    data = json.loads(response.content)
    assert data["person"]["name"] == "Lucie Martin" and len(data["messages"]) == 3


def test_export_leaves_other_people_out(workspace, history):
    PersonFactory(workspace=workspace, display_name="Marc Petit")
    assert "Marc Petit" not in json.dumps(gdpr.export(history, workspace))


def references_to(ids):
    """Every row of every model (through tables too) still pointing to one of ``ids``."""
    left = []
    for model in apps.get_models(include_auto_created=True):
        for field in model._meta.concrete_fields:
            target = field.related_model if field.is_relation else None
            if ids.get(target):
                rows = model._default_manager.filter(**{f"{field.attname}__in": ids[target]})
                if rows.exists():
                    left.append(f"{model.__name__}.{field.name}")
    return left


def test_erase_leaves_nothing_about_the_person(owner_client, workspace, history, owner):
    other = PersonFactory(workspace=workspace, display_name="Marc Petit")
    ids = {
        Person: [history.pk],
        Identity: list(history.identities.values_list("pk", flat=True)),
        Conversation: list(history.conversations.values_list("pk", flat=True)),
        Message: list(history.messages.values_list("pk", flat=True)),
    }
    confirm = owner_client.get(reverse("contacts:erase", args=[workspace.slug, history.pk]))
    page = confirm.content.decode()
    for shown in (
        "2 identities",
        "lucie.martin.bsky.social",
        "2 conversations",
        "3 messages, received or sent",
        "1 team note on their conversations",
        "2 timeline entries",
        "1 notification about them",
        "1 public post about your business, found by listening",
    ):
        assert shown in page, shown

    response = owner_client.post(reverse("contacts:erase", args=[workspace.slug, history.pk]))

    assert response.url == reverse("contacts:index", args=[workspace.slug])
    assert references_to(ids) == []
    assert not Note.objects.exists()
    assert list(Mention.objects.values_list("network", flat=True)) == ["bluesky"]
    assert list(Notification.objects.values_list("title", flat=True)) == ["Autre"]
    assert list(Person.objects.all()) == [other]
    assert Tag.objects.filter(name="fidèle").exists()  # the tag is the business's, not hers
    erasure = Erasure.objects.get()
    assert (erasure.identities, erasure.conversations, erasure.messages) == (2, 2, 3)
    assert erasure.erased_by.user == owner
    # The record says nothing of who was erased.
    values = " ".join(str(v) for v in Erasure.objects.values().get().values())
    assert "Lucie" not in values and "lucie" not in values


def test_erasure_log_is_shown_to_managers(owner_client, workspace, history):
    owner_client.post(reverse("contacts:erase", args=[workspace.slug, history.pk]))
    page = owner_client.get(reverse("contacts:erasures", args=[workspace.slug])).content.decode()
    assert "3 messages" in page and "Lucie" not in page


def test_erase_in_one_workspace_leaves_the_same_handle_elsewhere(owner_client, workspace, history):
    elsewhere = PersonFactory(handle="lucie.martin.bsky.social")
    MembershipFactory(workspace=elsewhere.workspace)
    owner_client.post(reverse("contacts:erase", args=[workspace.slug, history.pk]))
    assert Identity.objects.get().person == elsewhere


def test_erase_deletes_copies_other_features_keep_of_their_messages(workspace, history, owner):
    """A label correction keeps the text it corrected (SET_NULL): it must go with the person."""
    message = history.messages.filter(direction="in").first()
    mention = Mention.objects.get(network="mastodon")
    kept = Mention.objects.get(network="bluesky")
    for source in ({"message": message}, {"mention": mention}, {"mention": kept}):
        Correction.objects.create(
            workspace=workspace,
            text="copie",
            field="sentiment",
            model_value="neutral",
            person_value="positive",
            **source,
        )
    plan = gdpr.plan_erasure(history, workspace)
    assert plan.derived == 2

    gdpr.erase(history, workspace, by=None)

    assert list(Correction.objects.values_list("mention", flat=True)) == [kept.pk]
