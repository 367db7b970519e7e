"""Reviews in the inbox: read with their stars, shown as stars, answered on the network."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone, translation

from comptoir.inbox.ingestion import ingest_account, rating_of
from comptoir.inbox.models import Conversation, Delivery, Message
from comptoir.networks.base import Author, IncomingItem
from comptoir.networks.errors import ErrorKind, NetworkError
from comptoir.networks.models_sandbox import SandboxPost, SandboxReview
from comptoir.replies import sending
from comptoir.replies.models import Reply, ReplyState
from tests.replies.conftest import member, signed_in

pytestmark = pytest.mark.django_db
IMMEDIATE = "django_tasks.backends.immediate.ImmediateBackend"


def leave_review(account, rating, text, handle="claire.dubois", name="Claire Dubois"):
    return SandboxReview.objects.create(
        workspace_id=account.workspace_id,
        account_handle=account.remote_id,
        author_handle=handle,
        author_name=name,
        rating=rating,
        text=text,
        created_at=timezone.now() - timedelta(minutes=5),
    )


@pytest.fixture
def review(account):
    row = leave_review(account, 4, "Très bons croissants, un peu d'attente le samedi.")
    ingest_account(account)
    return row


def stars_label(language: str, stars: int) -> str:
    with translation.override(language):
        return translation.gettext("%(stars)s out of 5") % {"stars": stars}


def page_of(conversation) -> str:
    return reverse("inbox:conversation", args=[conversation.workspace.slug, conversation.pk])


def reply_url(conversation) -> str:
    return reverse("replies:reply", args=[conversation.workspace.slug, conversation.pk])


class TestIngestion:
    def test_a_review_arrives_with_its_stars(self, account, review):
        message = Message.objects.get(account=account)
        assert message.kind == "review"
        assert message.rating == 4
        assert message.remote_id == review.remote_id
        assert message.conversation.rating == 4
        assert message.person.handle == "claire.dubois"

    def test_each_review_is_a_conversation_and_replaying_adds_nothing(self, account, review):
        leave_review(account, 1, "Gâteau oublié.", handle="karim.haddad", name="Karim Haddad")
        assert ingest_account(account) == 1
        assert ingest_account(account) == 0
        ratings = sorted(Conversation.objects.filter(account=account).values_list("rating"))
        assert ratings == [(1,), (4,)]

    def test_the_reviews_cursor_is_kept_apart(self, account, review):
        account.refresh_from_db()
        assert account.cursors["inbox:reviews"] == str(review.pk)

    @pytest.mark.parametrize(
        ("kind", "raw", "expected"),
        [
            ("review", {"rating": 5}, 5),
            ("review", {"rating": "3"}, 3),
            ("review", {"rating": 0}, None),
            ("review", {"rating": 6}, None),
            ("review", {"rating": True}, None),
            ("review", {"rating": "FIVE"}, None),
            ("review", {"rating": [5]}, None),
            ("review", {}, None),
            ("comment", {"rating": 5}, None),
        ],
    )
    def test_only_a_review_with_one_to_five_stars_has_a_rating(self, kind, raw, expected):
        item = IncomingItem("x", kind, Author("a", "a"), "t", timezone.now(), raw=raw)
        assert rating_of(item) == expected


class TestDisplay:
    def test_the_conversation_page_shows_the_stars_with_a_text(self, review, bakery_client):
        conversation = Conversation.objects.get()
        body = bakery_client.get(page_of(conversation), HTTP_ACCEPT_LANGUAGE="fr").content
        page = body.decode()
        label = stars_label("fr", 4)
        assert label == "4 sur 5"
        assert f'role="img" aria-label="{label}"' in page
        assert "★★★★☆" in page

    def test_the_inbox_row_shows_the_stars(self, account, review, bakery_client):
        leave_review(account, 2, "Bof.", handle="karim.haddad", name="Karim Haddad")
        ingest_account(account)
        url = reverse("inbox:index", args=[account.workspace.slug])
        page = bakery_client.get(url, HTTP_ACCEPT_LANGUAGE="en").content.decode()
        assert 'aria-label="4 out of 5"' in page
        assert 'aria-label="2 out of 5"' in page
        assert "★★☆☆☆" in page

    def test_other_messages_show_no_stars(self, account, bakery_post, bakery_client):
        SandboxPost.objects.create(
            workspace_id=account.workspace_id,
            author_handle="claire.dubois",
            text="Vous ouvrez lundi ?",
            in_reply_to=bakery_post.remote_id,
            root_id=bakery_post.remote_id,
        )
        ingest_account(account)
        conversation = Conversation.objects.get()
        page = bakery_client.get(page_of(conversation)).content.decode()
        assert 'data-testid="rating"' not in page


class TestReply:
    def test_answering_from_the_page_sets_the_answer_on_the_review(
        self, account, review, settings, django_capture_on_commit_callbacks
    ):
        settings.TASKS = {"default": {"BACKEND": IMMEDIATE}}
        julie = member(account.workspace, "member", "Julie Martin")
        conversation = Conversation.objects.get()
        with django_capture_on_commit_callbacks(execute=True):
            response = signed_in(julie).post(
                reply_url(conversation), {"text": "Merci Claire, à samedi !"}
            )
        assert response.status_code == 302
        reply = Reply.objects.get()
        assert reply.state == ReplyState.SENT
        review.refresh_from_db()
        assert review.answer.startswith("Merci Claire, à samedi !")
        assert "Julie" in review.answer  # signed, as every reply
        sent = reply.message
        sent.refresh_from_db()
        # No id of its own on the network: it shows where the review shows.
        assert sent.delivery == Delivery.SENT
        assert sent.remote_id == ""
        assert sent.url == Message.objects.get(pk=sent.answers_id).url != ""
        conversation.refresh_from_db()
        assert conversation.first_response_at is not None
        assert conversation.waiting_since is None
        assert conversation.rating == 4  # the row keeps its stars after the answer
        # The answer is not read back as a new message from the customer.
        assert ingest_account(account) == 0

    def test_a_reply_needing_approval_reaches_the_review_only_when_approved(self, account, review):
        julie = member(account.workspace, "member", "Julie Martin", replies_need_approval=True)
        paul = member(account.workspace, "manager", "Paul Bernard")
        conversation = Conversation.objects.get()
        signed_in(julie).post(reply_url(conversation), {"text": "Merci pour votre avis"})
        reply = Reply.objects.get()
        assert reply.state == ReplyState.APPROVAL
        assert sending.send(reply.pk, "w") == "not-claimed"
        review.refresh_from_db()
        assert review.answer == ""
        approve = reverse("replies:approve", args=[account.workspace.slug, reply.pk])
        assert signed_in(paul).post(approve).status_code == 302
        assert sending.send(reply.pk, "w") == ReplyState.SENT
        assert sending.send(reply.pk, "w2") == "not-claimed"  # never twice
        review.refresh_from_db()
        assert review.answer.startswith("Merci pour votre avis")

    def test_an_unknown_outcome_is_sent_again_since_the_answer_replaces_itself(
        self, account, review, monkeypatch
    ):
        julie = member(account.workspace, "member", "Julie Martin")
        conversation = Conversation.objects.get()
        signed_in(julie).post(reply_url(conversation), {"text": "Merci !"})
        reply = Reply.objects.get()
        from comptoir.networks.sandbox.connector import SandboxConnector

        original = SandboxConnector.reply_to_review

        def lands_then_times_out(self, remote_id, text):
            original(self, remote_id, text)
            raise NetworkError(ErrorKind.NETWORK, "read timeout", outcome_unknown=True)

        monkeypatch.setattr(SandboxConnector, "reply_to_review", lands_then_times_out)
        assert sending.send(reply.pk, "w") == ReplyState.QUEUED
        monkeypatch.setattr(SandboxConnector, "reply_to_review", original)
        Reply.objects.filter(pk=reply.pk).update(due_at=timezone.now())
        assert sending.send(reply.pk, "w") == ReplyState.SENT
        review.refresh_from_db()
        assert review.answer.startswith("Merci !")
        assert review.answer.count("Merci !") == 1  # one answer, not two

    def test_a_refused_answer_is_failed_with_a_reason_and_nothing_is_lost(self, account, review):
        julie = member(account.workspace, "member", "Julie Martin")
        conversation = Conversation.objects.get()
        signed_in(julie).post(reply_url(conversation), {"text": "Merci !"})
        reply = Reply.objects.get()
        review.delete()  # the customer removed the review meanwhile
        assert sending.send(reply.pk, "w") == ReplyState.FAILED
        sent = Message.objects.get(pk=reply.message_id)
        assert sent.delivery == Delivery.FAILED and sent.delivery_error
        assert sent.text.startswith("Merci !")
