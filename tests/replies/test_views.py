"""The reply box on the conversation page, its counter, approval in one click, retries."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import translation
from django.utils.html import escape

from comptoir.inbox.models import Delivery, Message
from comptoir.networks.models_sandbox import SandboxPost
from comptoir.notifications.models import Notification
from comptoir.replies import sending
from comptoir.replies.models import Reply, ReplyState
from tests.factories import MessageFactory
from tests.replies.conftest import direct, member, signed_in

pytestmark = pytest.mark.django_db


def reply_url(conversation) -> str:
    return reverse("replies:reply", args=[conversation.workspace.slug, conversation.pk])


def page_of(conversation) -> str:
    return reverse("inbox:conversation", args=[conversation.workspace.slug, conversation.pk])


def french(text: str) -> str:
    with translation.override("fr"):
        return escape(translation.gettext(text))


def test_the_conversation_page_shows_the_reply_box(conversation, julie):
    page = signed_in(julie).get(page_of(conversation), HTTP_ACCEPT_LANGUAGE="fr")
    body = page.content.decode()
    assert page.status_code == 200
    assert 'id="reply"' in body
    assert reply_url(conversation) in body
    assert "— Julie, Boulangerie Martin" in body  # the signature that will be added


def test_writing_a_reply_from_the_page(
    conversation, question, julie, settings, django_capture_on_commit_callbacks
):
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
    client = signed_in(julie)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reply_url(conversation), {"text": "Oui, sur commande !"})
    assert response.status_code == 302
    assert response["Location"] == page_of(conversation)
    reply = Reply.objects.get(message__conversation=conversation)
    # The immediate task queue sends it at once, after the commit.
    assert reply.state == ReplyState.SENT
    assert SandboxPost.objects.filter(in_reply_to=question.remote_id).exists()
    page = client.get(page_of(conversation)).content.decode()
    assert "Oui, sur commande !" in page


def test_a_refused_reply_comes_back_in_place_with_its_reason(conversation, julie):
    client = signed_in(julie)
    response = client.post(
        reply_url(conversation),
        {"text": "é" * 490},
        HTTP_HX_REQUEST="true",
        HTTP_ACCEPT_LANGUAGE="fr",
    )
    assert response.status_code == 200
    body = response.content.decode()
    assert 'role="alert"' in body
    assert "500" in body  # the sandbox's limit, counted with the signature
    assert "é" * 490 in body  # nothing the colleague wrote is lost
    assert not Message.objects.filter(conversation=conversation, direction="out").exists()


def test_the_counter_counts_the_signature(conversation, julie):
    url = reverse("replies:counter", args=[conversation.workspace.slug, conversation.pk])
    response = signed_in(julie).post(url, {"text": "Oui"})
    assert response.status_code == 200
    signed_length = len("Oui\n\n— Julie, Boulangerie Martin")
    assert f"{signed_length} / 500" in response.content.decode()


def test_a_direct_message_shows_the_window_and_refuses_after_it(account, julie):
    recent = direct(account, "Vous livrez ?", age=timedelta(hours=20, minutes=40))
    body = signed_in(julie).get(page_of(recent.conversation), HTTP_ACCEPT_LANGUAGE="en").content
    assert "You can answer for another 3 h 19 min" in body.decode() or (
        "You can answer for another 3 h 20 min" in body.decode()
    )
    Message.objects.filter(pk=recent.pk).update(received_at=recent.received_at - timedelta(hours=4))
    client = signed_in(julie)
    page = client.get(page_of(recent.conversation), HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "that time is over" in page
    assert 'name="text"' not in page.split('id="reply"')[1].split("</section>")[0]
    refused = client.post(reply_url(recent.conversation), {"text": "Oui"})
    assert refused.status_code == 400
    assert not Reply.objects.exists()


def test_sample_messages_cannot_be_answered_and_say_why(bakery, julie):
    sample = MessageFactory(workspace=bakery)
    page = signed_in(julie).get(page_of(sample.conversation), HTTP_ACCEPT_LANGUAGE="en")
    assert "sample data" in page.content.decode()


def test_a_reply_needing_approval_is_approved_in_one_click(conversation, question, bakery, paul):
    julie = member(bakery, "member", "Julie Martin", replies_need_approval=True)
    julie_client = signed_in(julie)
    julie_client.post(reply_url(conversation), {"text": "Oui bien sûr"})
    reply = Reply.objects.get()
    assert reply.state == ReplyState.APPROVAL
    assert reply.message.delivery == Delivery.AWAITING_APPROVAL
    notice = Notification.objects.get(recipient=paul.user)
    assert notice.url == page_of(conversation)

    # A member cannot approve.
    approve = reverse("replies:approve", args=[bakery.slug, reply.pk])
    assert julie_client.post(approve).status_code == 403
    manager = signed_in(paul)
    page = manager.get(page_of(conversation)).content.decode()
    assert approve in page
    assert manager.post(approve).status_code == 302
    reply.refresh_from_db()
    assert reply.state == ReplyState.QUEUED and reply.reviewed_by == paul
    # A second click (another manager, a double submit) changes nothing.
    manager.post(approve)
    assert sending.send(reply.pk, "w") == ReplyState.SENT
    assert SandboxPost.objects.filter(in_reply_to=question.remote_id).count() == 1


def test_a_reply_sent_back_reaches_its_author_who_rewrites_it(conversation, bakery, paul):
    julie = member(bakery, "member", "Julie Martin", replies_need_approval=True)
    julie_client = signed_in(julie)
    julie_client.post(reply_url(conversation), {"text": "ouais"})
    reply = Reply.objects.get()
    url = reverse("replies:send_back", args=[bakery.slug, reply.pk])
    signed_in(paul).post(url, {"comment": "Un peu plus poli, s'il te plaît (100 %)."})
    reply.refresh_from_db()
    assert reply.state == ReplyState.RETURNED
    notice = Notification.objects.get(recipient=julie.user)
    assert notice.body == "Un peu plus poli, s'il te plaît (100 %)."
    page = julie_client.get(page_of(conversation)).content.decode()
    assert "Un peu plus poli" in page
    assert f"?rewrite={reply.pk}" in page
    rewrite = julie_client.get(page_of(conversation) + f"?rewrite={reply.pk}").content.decode()
    assert ">ouais</textarea>" in rewrite
    julie_client.post(
        reply_url(conversation), {"text": "Oui, avec plaisir !", "rewrite": str(reply.pk)}
    )
    assert list(Reply.objects.values_list("body", "state")) == [
        ("Oui, avec plaisir !", ReplyState.APPROVAL)
    ]


def test_a_failed_reply_is_explained_with_try_again(
    monkeypatch, conversation, julie, settings, django_capture_on_commit_callbacks
):
    from comptoir.networks.errors import ErrorKind, NetworkError
    from comptoir.networks.sandbox.connector import SandboxConnector

    client = signed_in(julie)
    client.post(reply_url(conversation), {"text": "Oui"})
    reply = Reply.objects.get()

    def down(self, remote_id, post):
        raise NetworkError(ErrorKind.SERVER, "503")

    monkeypatch.setattr(SandboxConnector, "reply", down)
    Reply.objects.filter(pk=reply.pk).update(attempts=sending.MAX_ATTEMPTS - 1)
    assert sending.send(reply.pk, "w") == ReplyState.FAILED
    page = client.get(page_of(conversation), HTTP_ACCEPT_LANGUAGE="fr").content.decode()
    assert french("The network had an internal problem. Comptoir will try again shortly.") in page
    retry = reverse("replies:retry", args=[conversation.workspace.slug, reply.pk])
    assert retry in page
    monkeypatch.undo()
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
    with django_capture_on_commit_callbacks(execute=True):
        assert client.post(retry).status_code == 302
    reply.refresh_from_db()
    assert reply.state == ReplyState.SENT


def test_read_only_members_see_no_form(conversation, bakery):
    reader = member(bakery, "readonly", "Lise Petit")
    client = signed_in(reader)
    page = client.get(page_of(conversation)).content.decode()
    assert 'name="text"' not in page.split('id="reply"')[1].split("</section>")[0]
    assert client.post(reply_url(conversation), {"text": "Oui"}).status_code == 400
    assert not Reply.objects.exists()


def test_a_reply_to_check_on_the_network_can_be_deleted_after_looking(
    monkeypatch, conversation, julie
):
    from comptoir.networks.errors import ErrorKind, NetworkError
    from comptoir.networks.sandbox.connector import SandboxConnector

    client = signed_in(julie)
    client.post(reply_url(conversation), {"text": "Oui"})
    reply = Reply.objects.get()

    def lost(self, remote_id, post):
        raise NetworkError(ErrorKind.SERVER, "502", outcome_unknown=True)

    monkeypatch.setattr(SandboxConnector, "reply", lost)
    assert sending.send(reply.pk, "w") == ReplyState.UNKNOWN
    page = client.get(page_of(conversation)).content.decode()
    retry = reverse("replies:retry", args=[conversation.workspace.slug, reply.pk])
    delete = reverse("replies:discard", args=[conversation.workspace.slug, reply.pk])
    assert retry not in page and delete in page
    assert client.post(delete).status_code == 302
    assert not Reply.objects.exists()
    assert not Message.objects.filter(direction="out").exists()
