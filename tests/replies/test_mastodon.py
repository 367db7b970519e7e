"""Answering on the Mastodon emulator: a direct message answered privately, and never twice.

The business is alice; bob writes to her in private. Mastodon recognises the reply's
idempotency key, so a reply whose first attempt may have landed is sent again with the same
key and the instance returns the first status instead of a second one.
"""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from django.utils import timezone

from comptoir.inbox.ingestion import ingest_account
from comptoir.inbox.models import Message
from comptoir.networks.mastodon.connector import MastodonConnector
from comptoir.networks.mastodon.text import html_to_text
from comptoir.replies import actions, sending
from comptoir.replies.models import Reply, ReplyState
from tests.peer_fixtures import MastodonBusiness, mastodon_business, mastodon_server, peers_allowed
from tests.replies.conftest import member

__all__ = ["mastodon_business", "mastodon_server", "peers_allowed"]

pytestmark = [pytest.mark.integration, pytest.mark.django_db]


def bob_writes(business: MastodonBusiness, text: str) -> tuple[Message, Any]:
    status = business.reader.status_post(f"@alice {text}", visibility="direct")
    ingest_account(business.account)
    message = Message.objects.get(account=business.account, remote_id=str(status.id))
    return message, status


def test_a_direct_message_is_answered_privately_and_signed(
    mastodon_business: MastodonBusiness, workspace: Any
) -> None:
    workspace.name = "Boulangerie Martin"
    workspace.save()
    julie = member(workspace, "member", "Julie Martin")
    question, status = bob_writes(mastodon_business, "vous livrez à Olivet ?")
    assert question.kind == "direct"
    reply = actions.create_reply(question.conversation, julie, "Oui, le mardi.", question)
    assert sending.send(reply.pk, "w") == ReplyState.SENT

    sent = Message.objects.get(pk=reply.message_id)
    answer = mastodon_business.reader.status(sent.remote_id)
    assert answer.visibility == "direct"
    assert str(answer.in_reply_to_id) == str(status.id)
    text = html_to_text(answer.content)
    assert "@bob" in text and text.rstrip().endswith("— Julie, Boulangerie Martin")


def test_the_same_key_sends_one_direct_message(mastodon_business: MastodonBusiness) -> None:
    question, _status = bob_writes(mastodon_business, "vous ouvrez dimanche ?")
    connector = MastodonConnector(mastodon_business.account)
    first = connector.send_message(question.thread_id, "Oui, le matin.", idempotency_key="r-1")
    again = connector.send_message(question.thread_id, "Oui, le matin.", idempotency_key="r-1")
    assert first.remote_id == again.remote_id


def test_an_unknown_outcome_is_resent_with_the_same_key_without_a_copy(
    mastodon_business: MastodonBusiness, workspace: Any
) -> None:
    julie = member(workspace, "member", "Julie Martin")
    question, status = bob_writes(mastodon_business, "un gâteau pour 8 ?")
    reply = actions.create_reply(question.conversation, julie, "Oui, 32 €.", question)
    claimed = sending.claim(reply.pk, "dead-worker")
    assert claimed is not None
    # The attempt reached the instance, then the worker died before storing the answer.
    MastodonConnector(mastodon_business.account).send_message(
        question.thread_id, claimed.message.text, idempotency_key=claimed.idempotency_key
    )
    Reply.objects.filter(pk=reply.pk).update(lease_until=timezone.now() - timedelta(seconds=1))

    assert sending.sweep()["reconciled"] == 1
    reply.refresh_from_db()
    assert reply.state == ReplyState.QUEUED  # resent later, with the same key
    Reply.objects.filter(pk=reply.pk).update(due_at=timezone.now())
    assert sending.send(reply.pk, "w") == ReplyState.SENT

    context = mastodon_business.reader.status_context(status.id)
    assert len(context["descendants"]) == 1
    assert (
        str(context["descendants"][0]["id"]) == Message.objects.get(pk=reply.message_id).remote_id
    )
