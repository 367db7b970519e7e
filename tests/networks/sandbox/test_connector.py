"""The sandbox seen through its connector, exactly as the rest of Comptoir sees it."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from comptoir.networks.base import Media, OutgoingPost, capabilities_of
from comptoir.networks.errors import ErrorKind, NetworkError
from comptoir.networks.models import AccountStatus
from comptoir.networks.models_sandbox import SandboxMessage, SandboxPost, SandboxReaction
from comptoir.networks.registry import get_network
from comptoir.networks.sandbox.connector import SandboxConnector
from tests.networks.sandbox.conftest import connect_sandbox

pytestmark = pytest.mark.django_db


def customer_post(workspace, text, handle="claire.dubois", parent=None):
    return SandboxPost.objects.create(
        workspace=workspace,
        author_handle=handle,
        author_name=handle.title(),
        text=text,
        in_reply_to=parent.remote_id if parent else "",
        root_id=(parent.root_id or parent.remote_id) if parent else "",
    )


class TestConnect:
    def test_the_practice_account_is_named_by_its_display_name(self):
        info = SandboxConnector.connect({"display_name": "  Boulangerie Martin "})
        assert info.remote_id == info.handle == "boulangerie-martin"
        assert info.display_name == "Boulangerie Martin"
        assert info.credentials == {}

    def test_the_form_needs_a_real_name(self):
        assert not SandboxConnector.connect_form({"display_name": " -- "}).is_valid()
        assert SandboxConnector.connect_form({"display_name": "Chez Léa"}).is_valid()

    def test_every_capability(self):
        assert get_network("sandbox").connector_class is SandboxConnector
        assert capabilities_of(SandboxConnector) == [
            "publisher",
            "engagement",
            "messaging",
            "reviews",
            "metrics",
            "listener",
        ]


class TestPublish:
    def test_a_published_post_is_in_the_feed(self, connector, bakery):
        published = connector.publish(
            OutgoingPost("Les galettes sont sorties du four !", media=(Media(b"x", "image/png"),))
        )
        post = SandboxPost.objects.for_workspace(bakery).get(remote_id=published.remote_id)
        assert post.author_handle == "boulangerie-martin"
        assert post.author_name == "Boulangerie Martin"
        assert post.text == "Les galettes sont sorties du four !"
        assert post.media_count == 1
        assert published.published_at == post.created_at
        # Another practice account of the team finds it on the network.
        colleague = SandboxConnector(connect_sandbox(bakery, "Paul au fournil"))
        found = colleague.search("galettes four", None).items
        assert [item.remote_id for item in found] == [published.remote_id]

    def test_the_feed_of_one_workspace_is_not_another_s(self, connector, bakery):
        from tests.factories import WorkspaceFactory

        connector.publish(OutgoingPost("Fermeture exceptionnelle lundi"))
        elsewhere = SandboxConnector(connect_sandbox(WorkspaceFactory(), "Boulangerie Martin"))
        assert elsewhere.search("fermeture", None).items == []

    def test_the_same_idempotency_key_publishes_once(self, connector, bakery):
        first = connector.publish(OutgoingPost("Bonjour !", idempotency_key="post-42-sandbox"))
        again = connector.publish(OutgoingPost("Bonjour !", idempotency_key="post-42-sandbox"))
        assert first.remote_id == again.remote_id
        assert SandboxPost.objects.for_workspace(bakery).count() == 1

    def test_find_published_recognises_a_post_after_an_unknown_outcome(self, connector):
        since = timezone.now() - timedelta(minutes=1)
        sent = connector.publish(OutgoingPost("Pain de campagne", idempotency_key="k1"))
        assert connector.find_published(OutgoingPost("x", idempotency_key="k1"), since) == sent
        assert connector.find_published(OutgoingPost("Pain de campagne"), since) == sent
        assert connector.find_published(OutgoingPost("Autre chose"), since) is None
        later = timezone.now() + timedelta(minutes=1)
        assert connector.find_published(OutgoingPost("Pain de campagne"), later) is None

    def test_limits_are_the_registry_s(self, connector):
        with pytest.raises(NetworkError) as caught:
            connector.publish(OutgoingPost("é" * 501))
        assert caught.value.kind is ErrorKind.VALIDATION
        connector.publish(OutgoingPost("🥖" * 500))  # graphemes, not bytes
        with pytest.raises(NetworkError):
            connector.publish(OutgoingPost("   "))
        with pytest.raises(NetworkError):
            connector.publish(OutgoingPost("photos", media=(Media(b"x", "image/png"),) * 5))

    def test_delete_removes_only_our_posts(self, connector, bakery):
        ours = connector.publish(OutgoingPost("Promo du jour"))
        theirs = customer_post(bakery, "Super boutique")
        connector.delete(ours.remote_id)
        connector.delete(ours.remote_id)  # already gone: nothing to do
        assert not SandboxPost.objects.filter(remote_id=ours.remote_id).exists()
        with pytest.raises(NetworkError) as caught:
            connector.delete(theirs.remote_id)
        assert caught.value.kind is ErrorKind.VALIDATION

    def test_a_disconnected_account_has_lost_its_access(self, connector, account):
        account.status = AccountStatus.DISCONNECTED
        with pytest.raises(NetworkError) as caught:
            connector.publish(OutgoingPost("Encore là ?"))
        assert caught.value.kind is ErrorKind.AUTH_EXPIRED
        with pytest.raises(NetworkError):
            connector.fetch_since(None)


class TestEngagement:
    def test_comments_replies_and_mentions_arrive_once(self, connector, bakery):
        post = connector.publish(OutgoingPost("Nouvelle tarte aux fraises 🍓"))
        parent = SandboxPost.objects.get(remote_id=post.remote_id)
        comment = customer_post(bakery, "Elle a l'air délicieuse !", parent=parent)
        mention = customer_post(bakery, "@Boulangerie-Martin vous êtes ouverts lundi ?")
        customer_post(bakery, "@boulangerie-martinez est fermée")  # somebody else
        customer_post(bakery, "Rien à voir")

        first = connector.fetch_since(None)
        assert [(i.kind, i.remote_id) for i in first.items] == [
            ("comment", comment.remote_id),
            ("mention", mention.remote_id),
        ]
        assert first.items[0].in_reply_to == post.remote_id
        assert first.items[0].thread_id == post.remote_id
        assert first.items[0].author.display_name == "Claire.Dubois"
        assert connector.fetch_since(first.cursor).items == []

        answer = connector.reply(comment.remote_id, OutgoingPost("Merci Claire !"))
        thanks = customer_post(
            bakery, "Avec plaisir", parent=SandboxPost.objects.get(remote_id=answer.remote_id)
        )
        second = connector.fetch_since(first.cursor)
        assert [(i.kind, i.remote_id) for i in second.items] == [("reply", thanks.remote_id)]
        assert second.items[0].thread_id == post.remote_id
        # The business's own reply is not something that reached it.
        assert answer.remote_id not in {i.remote_id for i in second.items}

    def test_an_empty_read_keeps_the_cursor(self, connector):
        assert connector.fetch_since(None) == connector.fetch_since(None)
        assert connector.fetch_since("17").cursor == "17"
        assert connector.fetch_since("not a number").items == []

    def test_pages_are_bounded_and_resume(self, connector, bakery, monkeypatch):
        monkeypatch.setattr(SandboxConnector, "PAGE", 2)
        for n in range(5):
            customer_post(bakery, f"@boulangerie-martin question {n}")
        seen, cursor = [], None
        for _ in range(4):
            batch = connector.fetch_since(cursor)
            seen += [item.text for item in batch.items]
            cursor = batch.cursor
        assert seen == [f"@boulangerie-martin question {n}" for n in range(5)]

    def test_reply_to_a_missing_post_is_refused(self, connector):
        with pytest.raises(NetworkError) as caught:
            connector.reply("nope", OutgoingPost("Merci"))
        assert caught.value.kind is ErrorKind.VALIDATION


class TestMessaging:
    def test_messages_both_ways(self, connector, bakery):
        SandboxMessage.objects.create(
            workspace=bakery,
            account_handle="boulangerie-martin",
            thread_id="dm-lea.petit",
            sender_handle="lea.petit",
            sender_name="Léa Petit",
            text="Bonjour, vous acceptez les titres-restaurant ?",
        )
        batch = connector.fetch_messages(None)
        assert [(i.kind, i.thread_id, i.author.display_name) for i in batch.items] == [
            ("direct", "dm-lea.petit", "Léa Petit")
        ]
        sent = connector.send_message("dm-lea.petit", "Oui, bien sûr !")
        ours = SandboxMessage.objects.get(remote_id=sent.remote_id)
        assert (ours.sender_handle, ours.thread_id) == ("boulangerie-martin", "dm-lea.petit")
        # Our own message does not come back as incoming.
        assert connector.fetch_messages(batch.cursor).items == []
        with pytest.raises(NetworkError) as caught:
            connector.send_message("dm-stranger", "Bonjour")
        assert caught.value.kind is ErrorKind.VALIDATION

    def test_messages_of_another_account_stay_there(self, connector, bakery):
        SandboxMessage.objects.create(
            workspace=bakery,
            account_handle="autre-commerce",
            thread_id="dm-lea.petit",
            sender_handle="lea.petit",
            text="Pas pour vous",
        )
        assert connector.fetch_messages(None).items == []


class TestMetricsAndSearch:
    def test_metrics_count_reactions_and_replies(self, connector, bakery):
        post = connector.publish(OutgoingPost("Pain aux noix"))
        quiet = connector.publish(OutgoingPost("Fermé lundi"))
        row = SandboxPost.objects.get(remote_id=post.remote_id)
        for handle in ("a", "b", "c"):
            SandboxReaction.objects.create(
                workspace=bakery, post=row, author_handle=handle, kind="like"
            )
        SandboxReaction.objects.create(workspace=bakery, post=row, author_handle="a", kind="repost")
        customer_post(bakery, "Miam", parent=row)
        customer_post(bakery, "Combien ?", parent=row, handle="karim.haddad")
        metrics = connector.post_metrics([post.remote_id, "unknown", quiet.remote_id])
        assert [(m.remote_id, m.likes, m.reposts, m.replies) for m in metrics] == [
            (post.remote_id, 3, 1, 2),
            (quiet.remote_id, 0, 0, 0),
        ]

    def test_search_ignores_case_and_accents_and_moves_on(self, connector, bakery):
        customer_post(bakery, "Un GÂTEAU sans gluten à Orléans ?")
        customer_post(bakery, "Gateaux au chocolat")
        customer_post(bakery, "Pain sans sel")
        batch = connector.search("gateau", None)
        assert [i.text for i in batch.items] == [
            "Un GÂTEAU sans gluten à Orléans ?",
            "Gateaux au chocolat",
        ]
        assert batch.items[0].kind == "post"
        assert [i.text for i in connector.search('"sans gluten" orleans', None).items] == [
            "Un GÂTEAU sans gluten à Orléans ?"
        ]
        assert connector.search("gateau", batch.cursor).items == []
