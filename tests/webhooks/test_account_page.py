"""The account page offers a webhook only where networks can reach the site."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from comptoir.networks import actions
from comptoir.networks.base import AccountInfo
from comptoir.webhooks import hooks
from comptoir.webhooks.models import AccountHook
from tests.factories import MembershipFactory
from tests.webhooks.conftest import PUBLIC

pytestmark = pytest.mark.django_db


def signed_in(workspace, role="manager") -> Client:
    client = Client()
    client.force_login(MembershipFactory(workspace=workspace, role=role).user)
    return client


def page(workspace) -> str:
    return reverse("networks:index", args=[workspace.slug])


def switch(account) -> str:
    return reverse("webhooks:switch", args=[account.workspace.slug, account.pk])


@pytest.mark.parametrize(
    ("base", "public"),
    [
        (PUBLIC, PUBLIC),
        (PUBLIC + "/", PUBLIC),
        ("https://93.184.216.34", "https://93.184.216.34"),
        ("http://comptoir.boulangerie-martin.fr", ""),
        ("http://127.0.0.1:8000", ""),
        ("https://localhost:8000", ""),
        ("https://127.0.0.1", ""),
        ("https://192.168.1.20", ""),
        ("https://[::1]", ""),
        ("https://comptoir.local", ""),
        ("https://intranet", ""),
        ("", ""),
    ],
)
def test_only_a_public_https_address_can_receive_webhooks(settings, base, public):
    settings.BASE_URL = base
    assert hooks.public_base_url() == public


def test_a_manager_turns_it_on_and_sees_the_address_and_secret(settings, bakery, account):
    settings.BASE_URL = PUBLIC
    client = signed_in(bakery)
    body = client.get(page(bakery), HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert switch(account) in body and "Turn instant delivery on" in body

    assert client.post(switch(account), {"action": "on"}).status_code == 302
    hook = AccountHook.objects.get(account=account)
    body = client.get(page(bakery), HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert f'value="{PUBLIC}/hooks/{hook.token}/"' in body
    assert f'value="{hook.secret}"' in body

    client.post(switch(account), {"action": "off"})
    assert not AccountHook.objects.filter(account=account).exists()


def test_nothing_is_offered_without_a_public_address(settings, bakery, account):
    settings.BASE_URL = "http://127.0.0.1:8000"
    client = signed_in(bakery)
    body = client.get(page(bakery)).content.decode()
    assert switch(account) not in body
    response = client.post(switch(account), {"action": "on"}, HTTP_ACCEPT_LANGUAGE="fr")
    assert response.status_code == 302
    assert not AccountHook.objects.exists()
    shown = client.get(page(bakery), HTTP_ACCEPT_LANGUAGE="fr").content.decode()
    assert "COMPTOIR_BASE_URL" in shown  # the reason, in the page's language


def test_an_existing_hook_is_hidden_once_the_site_is_no_longer_public(settings, bakery, hook):
    settings.BASE_URL = "http://127.0.0.1:8000"
    body = signed_in(bakery).get(page(bakery)).content.decode()
    assert hook.token not in body and hook.secret not in body


def test_members_see_neither_the_address_nor_the_secret_and_cannot_switch(settings, bakery, hook):
    settings.BASE_URL = PUBLIC
    client = signed_in(bakery, role="member")
    body = client.get(page(bakery)).content.decode()
    assert hook.token not in body and hook.secret not in body
    assert client.post(switch(hook.account), {"action": "off"}).status_code == 403
    assert AccountHook.objects.filter(pk=hook.pk).exists()


def test_a_network_that_cannot_call_is_offered_nothing(settings, bakery):
    settings.BASE_URL = PUBLIC
    feed = actions.save_connection(
        bakery,
        "rss",
        AccountInfo(remote_id="https://blog.example.fr/feed", handle="blog"),
        None,
    )
    client = signed_in(bakery)
    assert switch(feed) not in client.get(page(bakery)).content.decode()
    client.post(switch(feed), {"action": "on"})
    assert not AccountHook.objects.exists()
