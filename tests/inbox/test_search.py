"""Full-text search finds conversations by the words of their messages, on both databases."""

from __future__ import annotations

import pytest
from django.db import connection

from comptoir.inbox.models import Conversation, Message
from comptoir.inbox.search import matching_ids
from tests.factories import MessageFactory, WorkspaceFactory

pytestmark = pytest.mark.django_db(transaction=True)


def search(workspace, q, count=100, skip=0):
    return matching_ids(Conversation.objects.for_workspace(workspace), workspace.pk, q, count, skip)


def found(workspace, q):
    conversations = Conversation.objects.filter(pk__in=search(workspace, q))
    return sorted(m.text for c in conversations for m in c.messages.all())


@pytest.fixture
def shop():
    workspace = WorkspaceFactory()
    for text in (
        "Vous faites des gâteaux d'anniversaire ?",
        "Les croissants étaient délicieux",
        "I ordered two loaves of bread",
        "Livraison possible demain matin ?",
    ):
        MessageFactory(workspace=workspace, text=text)
    return workspace


def test_accents_do_not_matter(shop):
    assert found(shop, "gateaux") == ["Vous faites des gâteaux d'anniversaire ?"]
    assert found(shop, "DÉLICIEUX") == ["Les croissants étaient délicieux"]


def test_every_word_must_match_in_one_message(shop):
    assert found(shop, "livraison demain") == ["Livraison possible demain matin ?"]
    assert found(shop, "livraison croissants") == []


def test_french_and_english_word_forms(shop):
    # SQLite matches the start of words; PostgreSQL stems in French and in English.
    assert found(shop, "croissant") == ["Les croissants étaient délicieux"]
    assert found(shop, "loaves bread") == ["I ordered two loaves of bread"]
    if connection.vendor == "postgresql":
        assert found(shop, "gâteau") == ["Vous faites des gâteaux d'anniversaire ?"]
        assert found(shop, "order") == ["I ordered two loaves of bread"]


def test_query_syntax_is_only_words(shop):
    for q in ('"', "croissant*) OR (NEAR", "' OR 1=1 --", "AND", "", "   ", "&|!:*"):
        search(shop, q)  # never an error
    assert found(shop, "") == []
    assert found(shop, 'croissants" OR "livraison') == []  # quotes are not syntax


def test_only_the_given_conversations(shop):
    other = WorkspaceFactory()
    MessageFactory(workspace=other, text="Croissants chez le voisin")
    assert found(shop, "croissants") == ["Les croissants étaient délicieux"]
    assert found(other, "croissants") == ["Croissants chez le voisin"]


def test_edited_and_deleted_messages_leave_the_index(shop):
    message = Message.objects.get(text__startswith="Livraison")
    message.text = "Retrait en boutique"
    message.save()
    assert found(shop, "livraison") == []
    assert found(shop, "boutique") == ["Retrait en boutique"]
    message.delete()
    assert found(shop, "boutique") == []


def test_a_huge_hostile_message_is_stored_and_found(shop):
    text = " ".join(f"mot{n}" for n in range(30_000)) + " zébulon"
    MessageFactory(workspace=shop, text=text)
    assert found(shop, "mot100") == [text]


def test_newest_match_first_across_batches_and_only_what_passes_the_filters(shop, monkeypatch):
    monkeypatch.setattr("comptoir.inbox.search.FIRST_BATCH", 2)
    later = [MessageFactory(workspace=shop, text=f"Pain numéro {n}") for n in range(7)]
    conversations = [message.conversation for message in reversed(later)]
    assert search(shop, "pain") == [c.pk for c in conversations]
    assert search(shop, "pain", count=3, skip=2) == [c.pk for c in conversations[2:5]]
    # A conversation answered twice is listed once, where its newest match puts it.
    MessageFactory(workspace=shop, conversation=conversations[4], text="Encore du pain")
    assert search(shop, "pain")[:2] == [conversations[4].pk, conversations[0].pk]
    assert len(search(shop, "pain")) == 7
    Conversation.objects.filter(pk=conversations[0].pk).update(status="done")
    still_open = matching_ids(
        Conversation.objects.for_workspace(shop).exclude(status="done"), shop.pk, "pain", 100
    )
    assert conversations[0].pk not in still_open
    assert len(still_open) == 6


@pytest.mark.parametrize("few", [2000, 1])
def test_older_matches_beyond_the_newest_messages_are_found(shop, monkeypatch, few):
    # On PostgreSQL the walk covers the newest ids only; older matches come from the
    # full-text index when they are few, else from a walk further down.
    monkeypatch.setattr("comptoir.inbox.search.PG_WINDOW", 1)
    monkeypatch.setattr("comptoir.inbox.search.PG_FEW", few)
    monkeypatch.setattr("comptoir.inbox.search.FIRST_BATCH", 1)
    older = [MessageFactory(workspace=shop, text=f"Tarte aux pommes {n}") for n in range(3)]
    for _ in range(3):
        MessageFactory(workspace=shop, text="Autre chose")
    assert search(shop, "tarte") == [message.conversation_id for message in reversed(older)]
    assert search(shop, "tarte", count=1, skip=1) == [older[1].conversation_id]
