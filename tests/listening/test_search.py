"""The periodic search: each active topic's terms, on each account that can search."""

from __future__ import annotations

import pytest

from comptoir.core.scheduler import SCHEDULES
from comptoir.listening import search
from comptoir.listening.models import Mention, Topic
from comptoir.listening.tasks import search_all_workspaces
from comptoir.networks.base import Batch
from comptoir.networks.errors import ErrorKind, NetworkError
from comptoir.networks.models import AccountStatus
from comptoir.networks.sandbox.connector import SandboxConnector
from tests.factories import WorkspaceFactory
from tests.listening.conftest import make_topic, public_post
from tests.networks.sandbox.conftest import connect_sandbox

pytestmark = pytest.mark.django_db


def found(workspace):
    return list(Mention.objects.for_workspace(workspace).order_by("pk"))


def test_it_is_a_periodic_job_every_quarter_of_an_hour():
    schedule = next(s for s in SCHEDULES if s.name == "listening_search")
    assert schedule.task_path == "comptoir.listening.tasks.search_all_workspaces"
    assert schedule.interval_seconds == 15 * 60


def test_a_matching_post_is_stored_once_with_what_the_page_shows(bakery, account, topic):
    post = public_post(bakery, "Le flan de la boulangerie Martin est parfait, merci !")
    public_post(bakery, "Rien à voir : il pleut sur Orléans.")

    summary = search.search_workspace(bakery)

    assert summary.as_dict() == {"accounts": 1, "mentions": 1, "failed": 0}
    [mention] = found(bakery)
    assert mention.topic_ref == topic
    assert mention.topic == "Boulangerie Martin"  # the name, for the demo and old links
    assert mention.account == account
    assert mention.network == "sandbox"
    assert mention.remote_id == post.remote_id
    assert (mention.author_name, mention.author_handle) == ("Claire Dubois", "claire.dubois")
    assert mention.url.endswith(f"#post-{post.remote_id}")
    assert mention.labelled_by == "model"  # labelled on arrival, as every mention
    assert mention.sentiment == "positive"

    # A second run asks only for what is new, and a post found again is not stored twice.
    assert search.search_workspace(bakery).mentions == 0
    Topic.objects.filter(pk=topic.pk).update(cursors={})
    assert search.search_workspace(bakery).mentions == 0
    assert len(found(bakery)) == 1


def test_the_cursor_is_kept_per_topic_account_and_term(bakery, account):
    topic = make_topic(bakery, terms='"Boulangerie Martin"\nflan')
    public_post(bakery, "Un flan énorme")
    search.search_workspace(bakery)
    topic.refresh_from_db()
    assert set(topic.cursors) == {f'{account.pk}:"Boulangerie Martin"', f"{account.pk}:flan"}
    public_post(bakery, "Encore un flan")
    assert search.search_workspace(bakery).mentions == 1


def test_excluded_words_discard_a_result_and_each_term_is_checked_again(bakery, account):
    make_topic(bakery, name="Orléans", kind="town", terms="Orléans", excluded='"New Orleans"')
    public_post(bakery, "Jazz à New Orleans ce soir")
    kept = public_post(bakery, "Marché de Noël à Orléans, place du Martroi")
    search.search_workspace(bakery)
    assert [m.remote_id for m in found(bakery)] == [kept.remote_id]


def test_a_network_result_without_the_term_is_not_kept(bakery, account, topic, monkeypatch):
    """Networks' search syntaxes differ: a loose result is checked again here."""
    loose = public_post(bakery, "Une boulangerie à Orléans, tenue par M. Martin ?")
    item = SandboxConnector(account)._item(loose, "post")
    monkeypatch.setattr(SandboxConnector, "search", lambda self, q, c: Batch([item], "9"))
    assert search.search_workspace(bakery).mentions == 0


def test_a_paused_topic_is_not_searched(bakery, account, topic):
    Topic.objects.filter(pk=topic.pk).update(active=False)
    public_post(bakery, "Boulangerie Martin : super accueil")
    assert search_all_workspaces.call() == {"accounts": 0, "mentions": 0, "failed": 0}
    assert found(bakery) == []


def test_a_post_matching_two_topics_is_stored_once(bakery, account, topic):
    make_topic(bakery, name="Flan", kind="product", terms="flan")
    public_post(bakery, "Le flan de la Boulangerie Martin")
    search.search_workspace(bakery)
    assert len(found(bakery)) == 1


def test_a_broken_or_disconnected_account_is_left_alone(bakery, account, topic):
    account.status = AccountStatus.BROKEN
    account.save()
    public_post(bakery, "Boulangerie Martin, toujours au top")
    assert search.search_workspace(bakery).accounts == 0


def test_an_expired_token_marks_the_account_and_the_others_go_on(
    bakery, account, topic, monkeypatch
):
    """One account's expired token stops neither the workspace's other accounts nor the
    other workspaces."""
    second = connect_sandbox(bakery, "Martin Traiteur")
    other = WorkspaceFactory()
    connect_sandbox(other, "Fournil")
    make_topic(other)
    public_post(bakery, "Boulangerie Martin, toujours au top")
    public_post(other, "Boulangerie Martin, encore mieux que le Fournil")
    real_search = SandboxConnector.search

    def failing(self, query, cursor):
        if self.account.pk == account.pk:
            raise NetworkError(ErrorKind.AUTH_EXPIRED, "token revoked")
        return real_search(self, query, cursor)

    monkeypatch.setattr(SandboxConnector, "search", failing)
    summary = search_all_workspaces.call()

    assert summary == {"accounts": 3, "mentions": 2, "failed": 0}
    account.refresh_from_db()
    assert account.status == AccountStatus.BROKEN
    assert account.last_error_kind == "auth_expired"
    assert [m.account_id for m in found(bakery)] == [second.pk]
    assert len(found(other)) == 1
    topic.refresh_from_db()
    assert not any(key.startswith(f"{account.pk}:") for key in topic.cursors)


def test_an_unexpected_bug_on_one_account_does_not_stop_the_others(
    bakery, account, topic, monkeypatch
):
    second = connect_sandbox(bakery, "Martin Traiteur")
    public_post(bakery, "Boulangerie Martin, toujours au top")
    real_search = SandboxConnector.search

    def buggy(self, query, cursor):
        if self.account.pk == account.pk:
            raise RuntimeError("a bug tripped by this account's data")
        return real_search(self, query, cursor)

    monkeypatch.setattr(SandboxConnector, "search", buggy)
    assert search_all_workspaces.call() == {"accounts": 1, "mentions": 1, "failed": 1}
    assert [m.account_id for m in found(bakery)] == [second.pk]


def test_rate_limits_leave_the_cursor_for_the_next_run(bakery, account, topic, monkeypatch):
    public_post(bakery, "Boulangerie Martin, toujours au top")
    real_search = SandboxConnector.search

    def limited(self, query, cursor):
        raise NetworkError(ErrorKind.RATE_LIMITED, "slow down")

    monkeypatch.setattr(SandboxConnector, "search", limited)
    search.search_workspace(bakery)
    account.refresh_from_db()
    assert account.status == AccountStatus.ACTIVE
    assert account.last_error_kind == "rate_limited"
    monkeypatch.setattr(SandboxConnector, "search", real_search)
    assert search.search_workspace(bakery).mentions == 1


def test_a_query_refused_by_the_network_skips_only_that_term(bakery, account, monkeypatch):
    make_topic(bakery, terms="#$%\nflan")
    public_post(bakery, "Un flan énorme")
    real_search = SandboxConnector.search

    def picky(self, query, cursor):
        if query == "#$%":
            raise NetworkError(ErrorKind.VALIDATION, "bad query")
        return real_search(self, query, cursor)

    monkeypatch.setattr(SandboxConnector, "search", picky)
    assert search.search_workspace(bakery).mentions == 1


def test_workspaces_never_see_each_others_posts(bakery, account, topic):
    other = WorkspaceFactory()
    connect_sandbox(other, "Fournil")
    make_topic(other)
    public_post(bakery, "Boulangerie Martin, toujours au top")
    search_all_workspaces.call()
    assert len(found(bakery)) == 1
    assert found(other) == []


def test_an_unsafe_address_is_stored_but_never_linked(bakery, account, topic):
    mention = Mention(url="javascript:alert(1)")
    assert mention.link == ""
    assert Mention(url="//evil.example/x").link == ""
    assert Mention(url="https://bsky.app/profile/x/post/1").link.startswith("https://")
    assert Mention(url="/w/bakery/sandbox/1/#post-2").link == "/w/bakery/sandbox/1/#post-2"
