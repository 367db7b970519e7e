"""The sandbox page: the feed as customers see it, and waking them up on demand."""

from __future__ import annotations

from datetime import timedelta

import pytest

from comptoir.networks import actions
from comptoir.networks.base import OutgoingPost
from comptoir.networks.models import ConnectedAccount
from comptoir.networks.models_sandbox import SandboxMessage, SandboxPost, SandboxReaction
from comptoir.networks.sandbox.connector import SandboxConnector
from tests.factories import MembershipFactory, WorkspaceFactory
from tests.networks.sandbox.conftest import MORNING, connect_sandbox

pytestmark = [pytest.mark.django_db, pytest.mark.urls("tests.networks.sandbox.urls")]


def page(workspace, account) -> str:
    return f"/w/{workspace.slug}/sandbox/{account.pk}/"


def test_connecting_from_settings_creates_the_practice_account(owner_client, workspace):
    response = owner_client.post(
        f"/w/{workspace.slug}/settings/accounts/connect/sandbox/",
        {"display_name": "Boulangerie Martin"},
    )
    assert response.status_code == 302
    account = ConnectedAccount.objects.for_workspace(workspace).get(network="sandbox")
    assert (account.remote_id, account.display_name) == ("boulangerie-martin", "Boulangerie Martin")


def test_the_feed_shows_posts_with_their_replies_and_links_to_them(owner_client, workspace):
    account = connect_sandbox(workspace)
    published = SandboxConnector(account).publish(OutgoingPost("Galettes <b>chaudes</b> !"))
    assert published.url == f"{page(workspace, account)}#post-{published.remote_id}"
    parent = SandboxPost.objects.get(remote_id=published.remote_id)
    SandboxPost.objects.create(
        workspace=workspace,
        author_handle="claire.dubois",
        author_name="Claire Dubois",
        text="J'arrive !",
        in_reply_to=parent.remote_id,
        root_id=parent.remote_id,
    )
    item = SandboxConnector(account).fetch_since(None).items[0]
    assert item.url == published.url  # the reply is shown in its conversation
    response = owner_client.get(page(workspace, account))
    assert response.status_code == 200
    content = response.content.decode()
    assert f'id="post-{published.remote_id}"' in content
    assert "Galettes &lt;b&gt;chaudes&lt;/b&gt; !" in content
    assert "Claire Dubois" in content
    assert "J&#x27;arrive !" in content


def test_members_wake_the_customers_up(workspace, member_factory, monkeypatch):
    monkeypatch.setattr("django.utils.timezone.now", lambda: MORNING)
    account = connect_sandbox(workspace)
    published = SandboxConnector(account).publish(OutgoingPost("Nouveaux éclairs au café"))
    SandboxPost.objects.filter(remote_id=published.remote_id).update(
        created_at=MORNING - timedelta(hours=1)
    )
    _membership, client = member_factory("member")
    for _ in range(10):
        response = client.post(f"{page(workspace, account)}simulate/")
        assert response.status_code == 302
    activity = (
        SandboxPost.objects.for_workspace(workspace)
        .exclude(author_handle=account.remote_id)
        .count()
        + SandboxReaction.objects.for_workspace(workspace).count()
        + SandboxMessage.objects.for_workspace(workspace).count()
    )
    assert activity > 0


def test_read_only_colleagues_only_look(workspace, member_factory):
    account = connect_sandbox(workspace)
    _membership, client = member_factory("readonly")
    assert client.get(page(workspace, account)).status_code == 200
    assert client.post(f"{page(workspace, account)}simulate/").status_code == 403


def test_a_disconnected_practice_account_cannot_be_woken(owner_client, workspace):
    account = connect_sandbox(workspace)
    actions.disconnect(account)
    assert owner_client.post(f"{page(workspace, account)}simulate/").status_code == 404


def test_another_workspace_s_sandbox_is_not_found(owner_client, workspace):
    other = WorkspaceFactory()
    MembershipFactory(workspace=other)
    account = connect_sandbox(other)
    assert owner_client.get(page(other, account)).status_code == 404
    # Nor through this workspace's address with the other account's id.
    assert owner_client.get(page(workspace, account)).status_code == 404
