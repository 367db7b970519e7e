"""Following a feed from Settings > Accounts, as a manager does it."""

from __future__ import annotations

import pytest

from comptoir.networks.models import ConnectedAccount

pytestmark = pytest.mark.django_db


def connect_url(workspace) -> str:
    return f"/w/{workspace.slug}/settings/accounts/connect/rss/"


def test_the_page_explains_the_steps(owner_client, workspace):
    response = owner_client.get(connect_url(workspace))
    assert response.status_code == 200
    assert b'name="url"' in response.content
    assert b"/rss, /feed" in response.content


def test_a_site_address_saves_the_feed_account(owner_client, workspace, feed_server, allow_local):
    feed_server.serve("/", "site.html", content_type="text/html")
    feed_server.serve("/blog/atom.xml", "atom.xml", content_type="application/atom+xml")
    response = owner_client.post(connect_url(workspace), {"url": feed_server.url("/")})
    assert response.status_code == 302
    account = ConnectedAccount.objects.for_workspace(workspace).get(network="rss")
    assert account.remote_id == feed_server.url("/blog/atom.xml")
    assert account.server_url == feed_server.url("/blog/atom.xml")
    assert account.handle == "Le blog de la Boulangerie Martin"


def test_a_page_without_feed_stays_on_the_form_with_the_reason(
    owner_client, workspace, feed_server, allow_local
):
    feed_server.serve("/", "site_without_feed.html", content_type="text/html")
    response = owner_client.post(connect_url(workspace), {"url": feed_server.url("/")})
    assert response.status_code == 200
    assert b"Aucun flux RSS ou Atom" in response.content
    assert not ConnectedAccount.objects.for_workspace(workspace).exists()


def test_a_private_address_is_refused_from_the_form(owner_client, workspace, settings):
    settings.ALLOWED_PRIVATE_HOSTS = []
    response = owner_client.post(connect_url(workspace), {"url": "http://127.0.0.1:9/feed"})
    assert response.status_code == 200
    assert "réseau privé".encode() in response.content
    assert not ConnectedAccount.objects.for_workspace(workspace).exists()
