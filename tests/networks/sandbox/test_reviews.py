"""Reviews on the practice network: customers rate the business, the business answers."""

from __future__ import annotations

import random
from datetime import timedelta

import pytest

from comptoir.networks.errors import ErrorKind, NetworkError
from comptoir.networks.models import AccountStatus
from comptoir.networks.models_sandbox import SandboxReview
from comptoir.networks.sandbox.connector import SandboxConnector
from comptoir.networks.sandbox.scenario import ANY_BUSINESS, BAKERY, CUSTOMERS
from comptoir.networks.sandbox.simulation import step
from tests.factories import WorkspaceFactory
from tests.networks.sandbox.conftest import MORNING, connect_sandbox

pytestmark = pytest.mark.django_db


def simulate(account, steps=40, seed=3):
    rng = random.Random(seed)
    for n in range(steps):
        step(account, rng, MORNING + timedelta(minutes=10 * n))


def review(account, rating=4, text="Très bons croissants.", handle="claire.dubois"):
    return SandboxReview.objects.create(
        workspace_id=account.workspace_id,
        account_handle=account.remote_id,
        author_handle=handle,
        author_name="Claire Dubois",
        rating=rating,
        text=text,
    )


class TestSimulation:
    def test_customers_leave_rated_reviews_once_each(self, account):
        simulate(account)
        reviews = list(SandboxReview.objects.for_workspace(account.workspace))
        assert len(reviews) >= 3
        assert all(1 <= r.rating <= 5 and r.text for r in reviews)
        authors = [r.author_handle for r in reviews]
        assert len(authors) == len(set(authors))  # one review per customer
        assert set(authors) <= {c.handle for c in CUSTOMERS}
        assert {r.account_handle for r in reviews} == {account.remote_id}

    def test_the_same_seed_tells_the_same_reviews(self, bakery):
        other = WorkspaceFactory(sector="food", address=bakery.address)
        first, second = connect_sandbox(bakery), connect_sandbox(other)
        simulate(first, steps=20, seed=9)
        simulate(second, steps=20, seed=9)

        def told(workspace):
            rows = SandboxReview.objects.for_workspace(workspace).order_by("id")
            return [(r.author_handle, r.rating, r.text, r.created_at) for r in rows]

        assert told(bakery) == told(other) != []

    def test_every_customer_can_review_and_then_nobody_more(self, account):
        simulate(account, steps=400, seed=1)
        assert SandboxReview.objects.for_workspace(account.workspace).count() == len(CUSTOMERS)

    @pytest.mark.parametrize("scenario", [BAKERY, ANY_BUSINESS])
    def test_every_rating_has_french_and_english_texts(self, scenario):
        assert sorted(scenario.reviews) == [1, 2, 3, 4, 5]
        for texts in scenario.reviews.values():
            words = " ".join(texts).lower()
            assert any(w in words.split() for w in ("the", "and", "was", "we", "they", "but"))
            assert any(w in words.split() for w in ("le", "la", "les", "et", "un", "une", "de"))


class TestFetch:
    def test_reviews_arrive_oldest_first_with_their_rating(self, account, connector):
        first = review(account, rating=5, text="Parfait !")
        second = review(account, rating=2, text="Bof.", handle="karim.haddad")
        batch = connector.fetch_reviews(None)
        assert [i.remote_id for i in batch.items] == [first.remote_id, second.remote_id]
        item = batch.items[0]
        assert item.kind == "review"
        assert item.raw == {"rating": 5}
        assert item.text == "Parfait !"
        assert item.author.handle == "claire.dubois"
        assert item.author.display_name == "Claire Dubois"
        assert item.thread_id == f"review-{first.remote_id}"
        assert item.url.endswith(f"#review-{first.remote_id}")

    def test_the_cursor_moves_past_what_was_read(self, account, connector):
        review(account)
        batch = connector.fetch_reviews(None)
        assert connector.fetch_reviews(batch.cursor).items == []
        later = review(account, handle="lea.petit")
        assert [i.remote_id for i in connector.fetch_reviews(batch.cursor).items] == [
            later.remote_id
        ]

    def test_reviews_of_another_business_are_not_ours(self, account, connector):
        other = connect_sandbox(WorkspaceFactory(), name="Chez Léa")
        review(other)
        assert connector.fetch_reviews(None).items == []

    def test_a_disconnected_account_reads_nothing(self, account):
        account.status = AccountStatus.DISCONNECTED
        with pytest.raises(NetworkError) as caught:
            SandboxConnector(account).fetch_reviews(None)
        assert caught.value.kind is ErrorKind.AUTH_EXPIRED


class TestReply:
    def test_the_answer_is_stored_on_the_review_and_a_new_one_replaces_it(self, account, connector):
        row = review(account)
        assert connector.reply_to_review(row.remote_id, "Merci Claire !") is None
        row.refresh_from_db()
        assert row.answer == "Merci Claire !" and row.answered_at is not None
        connector.reply_to_review(row.remote_id, "Merci beaucoup Claire !")
        row.refresh_from_db()
        assert row.answer == "Merci beaucoup Claire !"

    def test_an_unknown_review_is_refused(self, account, connector):
        with pytest.raises(NetworkError) as caught:
            connector.reply_to_review("nope", "Merci !")
        assert caught.value.kind is ErrorKind.VALIDATION

    def test_another_business_cannot_answer_our_reviews(self, account):
        row = review(account)
        other = connect_sandbox(WorkspaceFactory(), name="Chez Léa")
        with pytest.raises(NetworkError):
            SandboxConnector(other).reply_to_review(row.remote_id, "Merci !")
        row.refresh_from_db()
        assert row.answer == ""

    @pytest.mark.parametrize("text", ["", "   ", "x" * 501])
    def test_an_empty_or_too_long_answer_is_refused(self, account, connector, text):
        row = review(account)
        with pytest.raises(NetworkError) as caught:
            connector.reply_to_review(row.remote_id, text)
        assert caught.value.kind is ErrorKind.VALIDATION
        row.refresh_from_db()
        assert row.answer == ""


class TestFeedPage:
    def test_the_sandbox_page_shows_reviews_with_stars_and_answers(self, account, connector):
        from django.test import Client
        from django.urls import reverse

        from tests.factories import MembershipFactory

        answered = review(account, rating=5, text="Parfait !")
        connector.reply_to_review(answered.remote_id, "Merci Claire !")
        review(account, rating=1, text="Déçu.", handle="karim.haddad")
        client = Client()
        client.force_login(MembershipFactory(workspace=account.workspace).user)
        url = reverse("sandbox:feed", args=[account.workspace.slug, account.pk])
        body = client.get(url, HTTP_ACCEPT_LANGUAGE="en").content.decode()
        assert body.count('data-testid="sandbox-review"') == 2
        assert f'id="review-{answered.remote_id}"' in body
        assert 'aria-label="5 out of 5"' in body and 'aria-label="1 out of 5"' in body
        assert "Merci Claire !" in body and "Déçu." in body
