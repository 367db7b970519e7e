"""Sending through the sandbox connector: once, signed, stored, and the conversation moves on."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from django.utils import timezone

from comptoir.inbox.models import ConversationStatus, Delivery, Message
from comptoir.networks.errors import ErrorKind, NetworkError
from comptoir.networks.models_sandbox import SandboxMessage, SandboxPost
from comptoir.networks.sandbox.connector import SandboxConnector
from comptoir.replies import actions, sending
from comptoir.replies.models import Reply, ReplyState
from tests.replies.conftest import direct

pytestmark = pytest.mark.django_db


def write(conversation, membership, text="Oui, sur commande 48 h avant !") -> Reply:
    return actions.create_reply(conversation, membership, text, actions.answerable(conversation))


def test_a_reply_is_sent_once_signed_and_the_conversation_waits(conversation, question, julie):
    reply = write(conversation, julie)
    assert reply.message.delivery == Delivery.QUEUED
    assert sending.send(reply.pk, "worker-1") == ReplyState.SENT
    # A duplicate task (a sweep, a second worker) finds nothing to claim.
    assert sending.send(reply.pk, "worker-2") == "not-claimed"

    on_network = SandboxPost.objects.filter(in_reply_to=question.remote_id)
    assert on_network.count() == 1
    assert on_network.get().text == "Oui, sur commande 48 h avant !\n\n— Julie, Boulangerie Martin"
    message = Message.objects.get(pk=reply.message_id)
    assert message.delivery == Delivery.SENT
    assert message.remote_id == on_network.get().remote_id
    assert message.direction == "out" and message.sent_by == julie and message.answers == question
    question.refresh_from_db()
    assert question.replied_at is not None
    conversation.refresh_from_db()
    assert conversation.status == ConversationStatus.WAITING
    assert conversation.first_response_at is not None
    assert conversation.waiting_since is None


def test_the_first_response_time_is_kept(conversation, julie):
    first = write(conversation, julie)
    sending.send(first.pk, "w")
    conversation.refresh_from_db()
    answered_at = conversation.first_response_at
    second = write(conversation, julie, "Et aussi des tartes.")
    sending.send(second.pk, "w")
    conversation.refresh_from_db()
    assert conversation.first_response_at == answered_at


def test_a_direct_message_is_answered_in_its_thread(account, julie):
    question = direct(account, "Je peux commander une pièce montée ?")
    reply = write(question.conversation, julie, "Bien sûr !")
    assert sending.send(reply.pk, "w") == ReplyState.SENT
    answer = SandboxMessage.objects.get(thread_id="claire-thread", sender_handle=account.remote_id)
    assert answer.text.endswith("— Julie, Boulangerie Martin")
    assert Message.objects.get(pk=reply.message_id).kind == "direct"


def failing(monkeypatch: Any, error: Exception) -> list[int]:
    calls: list[int] = []

    def reply(self: Any, remote_id: str, post: Any) -> Any:
        calls.append(1)
        raise error

    monkeypatch.setattr(SandboxConnector, "reply", reply)
    return calls


def test_a_safe_failure_is_tried_again_then_offered_to_a_person(monkeypatch, conversation, julie):
    failing(monkeypatch, NetworkError(ErrorKind.NETWORK, "refused"))
    reply = write(conversation, julie)
    assert sending.send(reply.pk, "w") == ReplyState.QUEUED
    message = Message.objects.get(pk=reply.message_id)
    assert message.delivery == Delivery.QUEUED
    assert message.delivery_error == str(ErrorKind.NETWORK.message)
    for _ in range(sending.MAX_ATTEMPTS - 1):
        Reply.objects.filter(pk=reply.pk).update(due_at=timezone.now())
        result = sending.send(reply.pk, "w")
    assert result == ReplyState.FAILED
    reply.refresh_from_db()
    assert reply.retryable
    assert Message.objects.get(pk=reply.message_id).delivery == Delivery.FAILED

    monkeypatch.undo()
    assert actions.retry(reply)
    assert not actions.retry(reply)  # a second click finds it already queued
    assert sending.send(reply.pk, "w") == ReplyState.SENT


def test_a_refusal_is_explained_and_not_retryable(monkeypatch, conversation, julie):
    failing(monkeypatch, NetworkError(ErrorKind.VALIDATION, "too long"))
    reply = write(conversation, julie)
    assert sending.send(reply.pk, "w") == ReplyState.FAILED
    reply.refresh_from_db()
    assert not reply.retryable
    assert not actions.retry(reply)
    assert Message.objects.get(pk=reply.message_id).delivery_error == str(
        ErrorKind.VALIDATION.message
    )


def test_an_unknown_outcome_that_landed_is_reconciled(monkeypatch, conversation, question, julie):
    """The network stored the reply but the answer was lost: found again, never resent."""
    original = SandboxConnector.reply

    def lands_then_times_out(self: Any, remote_id: str, post: Any) -> Any:
        original(self, remote_id, post)
        raise NetworkError(ErrorKind.NETWORK, "timeout", outcome_unknown=True)

    monkeypatch.setattr(SandboxConnector, "reply", lands_then_times_out)
    reply = write(conversation, julie)
    assert sending.send(reply.pk, "w") == ReplyState.SENT
    assert SandboxPost.objects.filter(in_reply_to=question.remote_id).count() == 1
    assert Message.objects.get(pk=reply.message_id).remote_id


def test_an_unknown_outcome_not_found_is_shown_not_resent(monkeypatch, conversation, julie):
    calls = failing(monkeypatch, NetworkError(ErrorKind.SERVER, "502", outcome_unknown=True))
    reply = write(conversation, julie)
    # The sandbox does not promise idempotent sends: a person must look.
    assert sending.send(reply.pk, "w") == ReplyState.UNKNOWN
    reply.refresh_from_db()
    assert not reply.retryable and not actions.retry(reply)
    assert sending.sweep()["requeued"] == 0
    assert calls == [1]


def test_a_connector_crash_is_an_unknown_outcome(monkeypatch, conversation, julie):
    failing(monkeypatch, RuntimeError("bug"))
    reply = write(conversation, julie)
    assert sending.send(reply.pk, "w") == ReplyState.UNKNOWN


def test_the_sweep_reconciles_a_reply_whose_worker_died(conversation, question, julie):
    reply = write(conversation, julie)
    claimed = sending.claim(reply.pk, "dead-worker")
    assert claimed is not None
    # The worker sent it, then died before writing down the result.
    SandboxConnector(question.account).reply(
        question.remote_id,
        sending.OutgoingPost(claimed.message.text, idempotency_key=claimed.idempotency_key),
    )
    Reply.objects.filter(pk=reply.pk).update(lease_until=timezone.now() - timedelta(seconds=1))
    assert sending.sweep() == {"requeued": 0, "reconciled": 1}
    reply.refresh_from_db()
    assert reply.state == ReplyState.SENT
    assert SandboxPost.objects.filter(in_reply_to=question.remote_id).count() == 1


def test_the_sweep_sends_a_reply_whose_task_was_lost(conversation, julie, settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
    reply = write(conversation, julie)
    Reply.objects.filter(pk=reply.pk).update(queued_at=timezone.now() - timedelta(minutes=5))
    assert sending.sweep()["requeued"] == 1
    reply.refresh_from_db()
    assert reply.state == ReplyState.SENT


def test_writing_a_reply_enqueues_its_task(
    conversation, julie, settings, django_capture_on_commit_callbacks
):
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
    with django_capture_on_commit_callbacks(execute=True):
        reply = write(conversation, julie)
    reply.refresh_from_db()
    assert reply.state == ReplyState.SENT


def test_an_expired_connection_can_be_tried_again_once_reconnected(account, conversation, julie):
    from comptoir.networks import actions as account_actions
    from comptoir.networks.models import AccountStatus

    reply = write(conversation, julie)
    account_actions.disconnect(account)
    assert sending.send(reply.pk, "w") == ReplyState.FAILED
    reply.refresh_from_db()
    assert reply.retryable
    message = Message.objects.get(pk=reply.message_id)
    assert message.delivery_error == str(ErrorKind.AUTH_EXPIRED.message)
    account.status = AccountStatus.ACTIVE
    account.save(update_fields=["status"])
    assert actions.retry(reply)
    assert sending.send(reply.pk, "w") == ReplyState.SENT
