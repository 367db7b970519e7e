"""One conversation: its thread, notes, labels, status, snooze and assignee."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from comptoir.inbox.models import Conversation, Label, Note
from comptoir.notifications.models import Notification
from tests.factories import ConversationFactory, MembershipFactory, MessageFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def me(workspace):
    return MembershipFactory(workspace=workspace, role="member")


@pytest.fixture
def client_of_me(client, me):
    client.force_login(me.user)
    return client


@pytest.fixture
def conversation(workspace):
    item = ConversationFactory(workspace=workspace, person__display_name="Lucie Martin")
    MessageFactory(
        workspace=workspace,
        conversation=item,
        person=item.person,
        text="Vous avez du pain sans gluten ?",
        received_at=timezone.now() - timedelta(hours=2),
    )
    return item


def url(conversation, name="conversation"):
    return reverse(f"inbox:{name}", args=[conversation.workspace.slug, conversation.pk])


def test_the_thread_shows_received_and_sent_messages_in_order(
    workspace, me, conversation, client_of_me
):
    MessageFactory(
        workspace=workspace,
        conversation=conversation,
        person=conversation.person,
        direction="out",
        sent_by=me,
        delivery="failed",
        delivery_error="Le réseau a refusé",
        text="Oui, le mardi.",
        received_at=timezone.now() - timedelta(hours=1),
    )
    page = client_of_me.get(url(conversation)).content.decode()
    assert page.index("Vous avez du pain sans gluten ?") < page.index("Oui, le mardi.")
    assert f"{me.user} (votre équipe)" in page
    assert "Non envoyé" in page and "Le réseau a refusé" in page
    assert reverse("contacts:index", args=[workspace.slug]) in page
    assert "{# reply form" not in page  # the include points are template comments


def test_a_note_is_added_and_never_sent(workspace, me, conversation, client_of_me):
    response = client_of_me.post(url(conversation, "note"), {"text": "Cliente fidèle, offrir"})
    assert response.status_code == 302
    note = Note.objects.get(conversation=conversation)
    assert (note.author, note.text, note.workspace) == (me, "Cliente fidèle, offrir", workspace)
    page = client_of_me.get(url(conversation)).content.decode()
    assert '<li class="note">' in page and "Cliente fidèle, offrir" in page
    assert conversation.messages.count() == 1  # a note is not a message


def test_a_too_long_note_is_refused_and_kept_in_the_form(conversation, client_of_me):
    text = "x" * 5001
    response = client_of_me.post(url(conversation, "note"), {"text": text})
    assert response.status_code == 400
    assert "Une note compte de 1 à 5000 caractères." in response.content.decode()
    assert text in response.content.decode()
    assert not Note.objects.exists()


def test_done_sets_resolved_at_and_reopening_clears_it(conversation, client_of_me):
    client_of_me.post(url(conversation, "status"), {"status": "done"})
    conversation.refresh_from_db()
    assert conversation.status == "done" and conversation.resolved_at is not None
    client_of_me.post(url(conversation, "status"), {"status": "open"})
    conversation.refresh_from_db()
    assert conversation.status == "open" and conversation.resolved_at is None
    response = client_of_me.post(
        url(conversation, "status"), {"status": "archived"}, HTTP_HX_REQUEST="true"
    )
    assert "Choisissez l&#x27;un des statuts proposés." in response.content.decode()
    conversation.refresh_from_db()
    assert conversation.status == "open"


def test_snooze_presets_and_a_chosen_moment_in_the_workspace_time_zone(
    workspace, conversation, client_of_me
):
    workspace.timezone = "America/Montreal"
    workspace.save()
    before = timezone.now()
    client_of_me.post(url(conversation, "snooze"), {"preset": "1h"})
    conversation.refresh_from_db()
    assert timedelta(minutes=59) < conversation.snoozed_until - before < timedelta(minutes=61)

    client_of_me.post(url(conversation, "snooze"), {"preset": "tomorrow"})
    conversation.refresh_from_db()
    local = timezone.localtime(conversation.snoozed_until, workspace.tzinfo)
    today = timezone.localtime(before, workspace.tzinfo).date()
    assert (local.date(), local.hour, local.minute) == (today + timedelta(days=1), 9, 0)

    moment = (timezone.localtime(before, workspace.tzinfo) + timedelta(days=3)).replace(
        hour=14, minute=30, second=0, microsecond=0
    )
    client_of_me.post(url(conversation, "snooze"), {"until": moment.strftime("%Y-%m-%dT%H:%M")})
    conversation.refresh_from_db()
    assert conversation.snoozed_until == moment
    index = client_of_me.get(reverse("inbox:index", args=[workspace.slug]))
    assert conversation not in index.context["listing"].rows
    snoozed = client_of_me.get(reverse("inbox:index", args=[workspace.slug]), {"tab": "snoozed"})
    assert [c.pk for c in snoozed.context["listing"].rows] == [conversation.pk]

    client_of_me.post(url(conversation, "snooze"), {"preset": "wake"})
    conversation.refresh_from_db()
    assert conversation.snoozed_until is None


@pytest.mark.parametrize("until", ["", "demain", "2001-01-01T10:00"])
def test_a_bad_snooze_moment_is_refused(conversation, client_of_me, until):
    response = client_of_me.post(url(conversation, "snooze"), {"until": until}, follow=True)
    assert response.status_code == 200
    page = response.content.decode()
    assert "fin de pause" in page
    conversation.refresh_from_db()
    assert conversation.snoozed_until is None


def test_reassigning_tells_the_new_assignee_only(workspace, me, conversation, client_of_me):
    colleague = MembershipFactory(workspace=workspace, role="member")
    response = client_of_me.post(
        url(conversation, "assign"), {"assignee": colleague.pk}, HTTP_HX_REQUEST="true"
    )
    assert response.status_code == 200
    assert 'id="conversation-panel"' in response.content.decode()
    conversation.refresh_from_db()
    assert conversation.assignee == colleague
    notice = Notification.objects.get()
    assert notice.recipient == colleague.user
    assert "Lucie Martin" in notice.title
    assert notice.url == url(conversation)

    client_of_me.post(url(conversation, "assign"), {"assignee": colleague.pk, "assign_me": "1"})
    conversation.refresh_from_db()
    assert conversation.assignee == me
    assert Notification.objects.count() == 1  # taking it oneself tells nobody

    client_of_me.post(url(conversation, "assign"), {"assignee": ""})
    conversation.refresh_from_db()
    assert conversation.assignee is None


def test_a_member_of_another_workspace_cannot_be_assigned(conversation, client_of_me):
    stranger = MembershipFactory()
    response = client_of_me.post(url(conversation, "assign"), {"assignee": stranger.pk})
    assert response.status_code == 302
    conversation.refresh_from_db()
    assert conversation.assignee is None
    assert not Notification.objects.exists()


def test_labels_are_created_inline_added_and_removed(workspace, conversation, client_of_me):
    client_of_me.post(url(conversation, "labels"), {"action": "create", "name": "  sans  gluten "})
    label = Label.objects.get(workspace=workspace)
    assert label.name == "sans gluten"
    assert list(conversation.labels.all()) == [label]
    client_of_me.post(url(conversation, "labels"), {"action": "remove", "label": label.pk})
    assert not conversation.labels.exists()
    client_of_me.post(url(conversation, "labels"), {"action": "add", "label": label.pk})
    assert list(conversation.labels.all()) == [label]
    client_of_me.post(url(conversation, "labels"), {"action": "create", "name": "x" * 41})
    assert Label.objects.count() == 1
    other = Label.objects.create(workspace=MembershipFactory().workspace, name="ailleurs")
    client_of_me.post(url(conversation, "labels"), {"action": "add", "label": other.pk})
    assert list(conversation.labels.all()) == [label]


def test_read_only_members_see_but_do_not_change(workspace, conversation, client):
    reader = MembershipFactory(workspace=workspace, role="readonly")
    client.force_login(reader.user)
    page = client.get(url(conversation)).content.decode()
    assert "Vous avez du pain sans gluten ?" in page
    assert url(conversation, "status") not in page
    assert client.post(url(conversation, "status"), {"status": "done"}).status_code == 403
    assert Conversation.objects.get().status == "new"


def test_times_show_in_the_workspace_time_zone(workspace, conversation, client_of_me):
    workspace.timezone = "Asia/Tokyo"
    workspace.save()
    moment = datetime(2026, 3, 1, 23, 30, tzinfo=UTC)
    conversation.messages.update(received_at=moment)
    page = client_of_me.get(url(conversation)).content.decode()
    assert 'datetime="2026-03-02T08:30:00+09:00"' in page
