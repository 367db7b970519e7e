"""Messages from the sandbox reach the inbox once, and the cursor never skips any."""

from __future__ import annotations

import random
from datetime import timedelta

import pytest
from django.db import IntegrityError, transaction

from comptoir.contacts.models import Identity, Person
from comptoir.inbox import ingestion
from comptoir.inbox.ingestion import ingest_account, store_items
from comptoir.inbox.models import Message
from comptoir.networks.base import Author, IncomingItem
from comptoir.networks.errors import ErrorKind, NetworkError
from comptoir.networks.models import AccountStatus, ConnectedAccount
from comptoir.networks.models_sandbox import SandboxMessage
from comptoir.networks.sandbox.connector import SandboxConnector
from comptoir.networks.sandbox.simulation import step
from tests.factories import MessageFactory, PersonFactory
from tests.inbox.conftest import customer_post
from tests.networks.sandbox.conftest import MORNING

pytestmark = pytest.mark.django_db


def simulate(account, steps=12, seed=1):
    rng = random.Random(seed)
    for n in range(steps):
        step(account, rng, MORNING + timedelta(minutes=10 * n))


def expected_items(account):
    """What the network itself says reached the account, read from the start."""
    connector = SandboxConnector(account)
    return (
        connector.fetch_since(None).items
        + connector.fetch_messages(None).items
        + connector.fetch_reviews(None).items
    )


def stored(account):
    return Message.objects.filter(account=account)


class TestEndToEnd:
    def test_customer_activity_arrives_once(self, account, bakery_post):
        simulate(account)
        expected = expected_items(account)
        assert {item.kind for item in expected} >= {"comment", "mention", "direct"}

        assert ingest_account(account) == len(expected)

        messages = stored(account)
        assert sorted(messages.values_list("remote_id", flat=True)) == sorted(
            item.remote_id for item in expected
        )
        by_id = {m.remote_id: m for m in messages.select_related("person")}
        for item in expected:
            message = by_id[item.remote_id]
            assert message.workspace_id == account.workspace_id
            assert message.network == "sandbox"
            assert message.kind == item.kind
            assert message.text == item.text
            assert message.received_at == item.created_at
            assert message.thread_id == (item.thread_id or "")
            assert message.in_reply_to == (item.in_reply_to or "")
            assert message.url == item.url
            assert message.person.handle == item.author.handle
            assert message.person.display_name == item.author.display_name
            assert message.conversation.status == "new"
            assert message.conversation.person == message.person
            assert message.labelled_by == "model" and message.sentiment

    def test_replaying_adds_nothing_and_new_activity_comes_next(self, account, bakery_post):
        simulate(account, steps=6)
        first = ingest_account(account)
        assert first > 0
        assert ingest_account(account) == 0
        assert stored(account).count() == first

        simulate(account, steps=6, seed=2)
        more = len(expected_items(account)) - first
        assert more > 0
        assert ingest_account(account) == more
        assert stored(account).count() == first + more

    def test_each_customer_is_one_contact(self, account, bakery_post):
        customer_post(account.workspace, "Vous ouvrez à quelle heure ?", parent=bakery_post)
        customer_post(account.workspace, "Merci @boulangerie-martin !")
        assert ingest_account(account) == 2
        identities = Identity.objects.for_workspace(account.workspace)
        assert list(identities.values_list("network", "handle", "person__display_name")) == [
            ("sandbox", "claire.dubois", "Claire Dubois")
        ]
        assert {m.kind for m in stored(account)} == {"comment", "mention"}

    def test_a_contact_known_before_is_reused(self, account, bakery_post):
        known = PersonFactory(
            workspace=account.workspace,
            network="sandbox",
            handle="claire.dubois",
            display_name="Claire (cliente fidèle)",
        )
        customer_post(account.workspace, "Bravo !", parent=bakery_post)
        ingest_account(account)
        assert stored(account).get().person == known
        assert Person.objects.for_workspace(account.workspace).count() == 1

    def test_cursors_are_saved_per_stream(self, account, bakery_post):
        customer_post(account.workspace, "Un commentaire", parent=bakery_post)
        SandboxMessage.objects.create(
            workspace=account.workspace,
            account_handle=account.remote_id,
            thread_id="dm-claire.dubois",
            sender_handle="claire.dubois",
            sender_name="Claire Dubois",
            text="Bonjour, vous livrez ?",
        )
        account.cursors = {"listening:other": "keep me"}
        account.save(update_fields=["cursors"])
        ingest_account(account)
        account.refresh_from_db()
        connector = SandboxConnector(account)
        assert account.cursors["listening:other"] == "keep me"
        engagement = account.cursors["inbox:engagement"]
        messages = account.cursors["inbox:messages"]
        assert connector.fetch_since(engagement).items == []
        assert connector.fetch_messages(messages).items == []
        assert account.last_success_at is not None

    def test_long_pages_are_all_read_in_one_run(self, account, bakery_post, monkeypatch):
        monkeypatch.setattr(SandboxConnector, "PAGE", 2)
        for n in range(7):
            customer_post(account.workspace, f"Commentaire {n}", parent=bakery_post)
        assert ingest_account(account) == 7


class TestFailures:
    def test_a_network_error_keeps_the_cursor_and_marks_the_account(
        self, account, bakery_post, monkeypatch
    ):
        customer_post(account.workspace, "Premier", parent=bakery_post)
        ingest_account(account)
        account.refresh_from_db()
        cursors = dict(account.cursors)
        customer_post(account.workspace, "Deuxième", parent=bakery_post)

        def failing(self, cursor):
            raise NetworkError(ErrorKind.SERVER, "503 from the sandbox")

        monkeypatch.setattr(SandboxConnector, "fetch_since", failing)
        assert ingest_account(account) == 0
        account.refresh_from_db()
        assert account.cursors == cursors
        assert account.last_error_kind == "server"
        assert account.last_error_detail == "503 from the sandbox"
        assert account.status == AccountStatus.ACTIVE

        monkeypatch.undo()
        assert ingest_account(account) == 1
        assert list(stored(account).values_list("text", flat=True)) == ["Deuxième", "Premier"]

    def test_an_expired_access_marks_the_account_broken(self, account, monkeypatch):
        def expired(self, cursor):
            raise NetworkError(ErrorKind.AUTH_EXPIRED, "token revoked")

        monkeypatch.setattr(SandboxConnector, "fetch_messages", expired)
        ingest_account(account)
        account.refresh_from_db()
        assert account.status == AccountStatus.BROKEN

    def test_a_crash_before_the_commit_stores_nothing_and_skips_nothing(
        self, account, bakery_post, monkeypatch
    ):
        customer_post(account.workspace, "Perdu ?", parent=bakery_post)

        def crash(*args):
            raise RuntimeError("worker killed")

        monkeypatch.setattr(ingestion, "_save_cursor", crash)
        with pytest.raises(RuntimeError):
            ingest_account(account)
        assert not stored(account).exists()
        account.refresh_from_db()
        assert "inbox:engagement" not in account.cursors

        monkeypatch.undo()
        assert ingest_account(account) == 1

    def test_a_message_stored_meanwhile_is_not_stored_again(self, account, bakery_post):
        post = customer_post(account.workspace, "Déjà là", parent=bakery_post)
        item = SandboxConnector(account).fetch_since(None).items[0]
        assert item.remote_id == post.remote_id
        with transaction.atomic():
            assert store_items(account, [item, item]) == 1
        assert ingest_account(account) == 0
        assert stored(account).count() == 1


def item(kind, remote_id="r1", text="Bonjour"):
    return IncomingItem(
        remote_id=remote_id,
        kind=kind,
        author=Author("a1", "lucie.bsky.social", "Lucie"),
        text=text,
        created_at=MORNING,
        raw={"uri": "at://lucie/post/1", "count": 3},
    )


class TestMapping:
    @pytest.mark.parametrize("kind", ["like", "repost", "follow", "post"])
    def test_reactions_are_not_messages(self, account, kind):
        with transaction.atomic():
            assert store_items(account, [item(kind)]) == 0
        assert not Person.objects.for_workspace(account.workspace).exists()

    @pytest.mark.parametrize("kind", ["comment", "reply", "mention", "quote", "direct", "review"])
    def test_conversations_are_messages(self, account, kind):
        with transaction.atomic():
            assert store_items(account, [item(kind)]) == 1
        message = stored(account).get()
        assert message.kind == kind
        assert '"uri": "at://lucie/post/1"' in message.raw

    def test_the_same_remote_id_may_exist_in_two_accounts(self, account, bakery):
        other = ConnectedAccount.objects.create(
            workspace=bakery, network="sandbox", remote_id="autre", handle="autre"
        )
        with transaction.atomic():
            assert store_items(account, [item("comment")]) == 1
            assert store_items(other, [item("comment")]) == 1


class TestConstraint:
    def test_the_database_refuses_a_second_copy(self, account):
        first = MessageFactory(workspace=account.workspace, account=account, remote_id="x1")
        with pytest.raises(IntegrityError), transaction.atomic():
            MessageFactory(
                workspace=account.workspace, person=first.person, account=account, remote_id="x1"
            )

    def test_messages_without_remote_id_stay_valid(self, account):
        first = MessageFactory(workspace=account.workspace)
        MessageFactory(workspace=account.workspace, person=first.person)
        MessageFactory(workspace=account.workspace, account=account)
        MessageFactory(workspace=account.workspace, account=account)
        assert Message.objects.for_workspace(account.workspace).count() == 4

    def test_deleting_the_account_keeps_its_messages(self, account):
        message = MessageFactory(workspace=account.workspace, account=account, remote_id="x1")
        account.delete()
        message.refresh_from_db()
        assert message.account is None
