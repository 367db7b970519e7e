"""What the sandbox tells an account's webhook about: only what concerns the account."""

from __future__ import annotations

import pytest

from comptoir.networks.base import OutgoingPost
from comptoir.networks.models_sandbox import (
    SandboxMessage,
    SandboxPost,
    SandboxReaction,
    SandboxReview,
)
from comptoir.networks.sandbox.webhooks import call, events_of

pytestmark = pytest.mark.django_db


def test_comments_mentions_messages_and_reviews_are_events(account, connector):
    ours = SandboxPost.objects.get(remote_id=connector.publish(OutgoingPost("Bonjour")).remote_id)
    ws = account.workspace_id
    comment = SandboxPost(workspace_id=ws, author_handle="lea", text="Miam", in_reply_to="x")
    mention = SandboxPost(workspace_id=ws, author_handle="lea", text="Merci @boulangerie-martin")
    other = SandboxPost(workspace_id=ws, author_handle="lea", text="Il pleut à Orléans")
    near_miss = SandboxPost(workspace_id=ws, author_handle="lea", text="@boulangerie-martin-bis")
    like = SandboxReaction(workspace_id=ws, post=ours, author_handle="lea", kind="like")
    message = SandboxMessage(workspace_id=ws, account_handle="boulangerie-martin", text="Bonjour")
    review = SandboxReview(workspace_id=ws, account_handle="boulangerie-martin", rating=5)
    events = events_of(account, [comment, mention, other, near_miss, like, message, review])
    assert events == [
        {"type": "comment.created", "id": comment.remote_id},
        {"type": "mention.created", "id": mention.remote_id},
        {"type": "message.created", "id": message.remote_id},
        {"type": "review.created", "id": review.remote_id},
    ]


def test_an_account_without_webhook_is_not_called(account):
    assert call(account, [{"type": "message.created", "id": "x"}]) is False
