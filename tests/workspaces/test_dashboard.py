"""The dashboard: what waits for the business, as the inbox counts it."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from comptoir.inbox import triage
from comptoir.inbox.conversations import refresh
from comptoir.inbox.models import ConversationStatus, Direction
from tests.factories import ConversationFactory, MessageFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def always_open(workspace):
    """Waiting time counts opening hours; a shop that never closes makes it plain time."""
    workspace.business_hours = {}
    workspace.response_target_minutes = 30
    workspace.save()


def conversation(workspace, name, text, *, ago, **fields):
    """A conversation with one received message ``ago`` before now, summed up as ingestion does."""
    at = timezone.now() - ago
    item = ConversationFactory(
        workspace=workspace,
        person__display_name=name,
        started_at=at,
        last_message_at=at,
        **fields,
    )
    say(item, text, at)
    return item


def say(item, text, at, **fields):
    MessageFactory(
        workspace=item.workspace,
        conversation=item,
        person=item.person,
        network=item.network,
        text=text,
        received_at=at,
        **fields,
    )
    refresh([item])


def waiting(client, workspace):
    response = client.get(reverse("workspaces:dashboard", args=[workspace.slug]))
    assert response.status_code == 200
    return response, [m.person.display_name for m in response.context["latest_messages"]]


def test_only_conversations_waiting_for_the_business_overdue_first(owner_client, workspace):
    conversation(workspace, "Alice", "Vous avez du pain sans gluten ?", ago=timedelta(minutes=5))
    conversation(workspace, "Bernard", "Toujours pas de réponse ?", ago=timedelta(hours=3))
    answered = conversation(
        workspace, "Jean-Pierre Moreau", "Ouvert le lundi ?", ago=timedelta(minutes=20)
    )
    say(
        answered,
        "Réponse : oui, dès 7 h. — Claire, Boulangerie Martin",
        timezone.now() - timedelta(minutes=2),
        direction=Direction.OUTBOUND,
    )
    answered.status = ConversationStatus.WAITING  # as a sent reply leaves it
    answered.save()
    marked = conversation(workspace, "Denise", "Merci, je repasse.", ago=timedelta(minutes=10))
    triage.set_status(marked, ConversationStatus.WAITING)
    closed = conversation(workspace, "Étienne", "Spam", ago=timedelta(minutes=8))
    triage.set_status(closed, ConversationStatus.DONE)
    later = conversation(workspace, "Fanny", "Et demain ?", ago=timedelta(minutes=7))
    triage.snooze(later, timezone.now() + timedelta(hours=2))

    response, names = waiting(owner_client, workspace)
    # Overdue first, then the newest: the inbox's order.
    assert names == ["Bernard", "Alice"]
    page = response.content.decode()
    assert "Claire, Boulangerie Martin" not in page
    assert "Jean-Pierre Moreau" not in page


def test_a_new_message_after_the_answer_waits_again_and_shows_the_customer(owner_client, workspace):
    item = conversation(workspace, "Jean-Pierre Moreau", "Ouvert lundi ?", ago=timedelta(hours=1))
    say(
        item,
        "Oui, dès 7 h. — Claire",
        timezone.now() - timedelta(minutes=50),
        direction=Direction.OUTBOUND,
    )
    assert waiting(owner_client, workspace)[1] == []
    say(item, "Et le mardi ?", timezone.now() - timedelta(minutes=1))
    response, names = waiting(owner_client, workspace)
    assert names == ["Jean-Pierre Moreau"]
    assert [m.text for m in response.context["latest_messages"]] == ["Et le mardi ?"]


def test_the_cards_count_what_the_inbox_tab_they_open_lists(owner_client, owner, workspace):
    me = owner.memberships.get(workspace=workspace)
    conversation(workspace, "Alice", "Du pain sans gluten ?", ago=timedelta(minutes=5))
    conversation(workspace, "Bernard", "Ouvert ?", ago=timedelta(hours=3), assignee=me)
    later = conversation(workspace, "Fanny", "Et demain ?", ago=timedelta(minutes=7))
    triage.snooze(later, timezone.now() + timedelta(hours=2))
    mine_later = conversation(workspace, "Gilles", "Et lundi ?", ago=timedelta(minutes=9))
    mine_later.assignee = me
    mine_later.save()
    triage.snooze(mine_later, timezone.now() + timedelta(hours=2))
    closed = conversation(workspace, "Étienne", "Spam", ago=timedelta(minutes=8))
    triage.set_status(closed, ConversationStatus.DONE)

    response, _names = waiting(owner_client, workspace)
    assert response.context["to_answer"] == 2
    assert response.context["mine"] == 1
    inbox = owner_client.get(reverse("inbox:index", args=[workspace.slug]))
    page = inbox.content.decode()
    assert "Alice" in page and "Bernard" in page
    assert "Fanny" not in page and "Gilles" not in page
