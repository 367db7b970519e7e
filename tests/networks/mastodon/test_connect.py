"""Connecting an account end to end: Comptoir's pages, the instance's authorisation page,
and back, with every way it can go wrong."""

from __future__ import annotations

import re
from urllib.parse import parse_qs, urlsplit

import httpx
import pytest
from django.urls import reverse
from django.utils import translation
from django.utils.html import escape

from comptoir.networks.errors import PrivateAddressError
from comptoir.networks.mastodon import oauth
from comptoir.networks.mastodon.connector import MastodonConnector
from comptoir.networks.mastodon.oauth import instance_url
from comptoir.networks.models import ConnectedAccount
from tests.factories import MembershipFactory, WorkspaceFactory

HIDDEN = re.compile(r'<input type="hidden" name="(\w+)" value="([^"]*)">')


def connect_url(workspace) -> str:
    return reverse("networks:connect", args=[workspace.slug, "mastodon"])


def start(client, workspace, instance: str):
    return client.post(connect_url(workspace), {"instance": instance})


def authorise_on_instance(authorize_url: str, username: str) -> str:
    """What the person does on their server: open the page, pick the account, accept."""
    page = httpx.get(authorize_url)
    assert page.status_code == 200
    assert f"@{username}" in page.text
    fields = dict(HIDDEN.findall(page.text))
    answer = httpx.post(
        urlsplit(authorize_url)._replace(path="/oauth/authorize", query="").geturl(),
        data={**fields, "username": username},
    )
    assert answer.status_code == 302
    return answer.headers["location"]


def shown(response, message) -> bool:
    """Whether the page shows ``message``, in the language the page was rendered in."""
    with translation.override(response["Content-Language"]):
        text = str(message)
    return escape(text) in response.content.decode()


def come_back(client, location: str):
    parts = urlsplit(location)
    return client.get(f"{parts.path}?{parts.query}")


def test_the_guided_page_asks_for_the_server(owner_client, owner, workspace, server):
    owner.language = "fr"
    owner.save()
    response = owner_client.get(connect_url(workspace))
    assert response.status_code == 200
    assert response["Content-Language"] == "fr"
    content = response.content.decode()
    assert "piaille.fr" in content
    assert 'name="instance"' in content
    with translation.override("fr"):
        label = translation.gettext("Your Mastodon server")
    assert label != "Your Mastodon server"
    assert label in content


def test_connecting_an_account_end_to_end(owner_client, owner, workspace, server):
    response = start(owner_client, workspace, server.base_url)
    assert response.status_code == 302
    authorize = response["Location"]
    assert authorize.startswith(f"{server.base_url}/oauth/authorize?")
    query = parse_qs(urlsplit(authorize).query)
    assert query["response_type"] == ["code"]
    assert query["scope"] == ["read write"]
    assert query["redirect_uri"][0].endswith(
        f"/w/{workspace.slug}/settings/accounts/callback/mastodon/"
    )
    assert len(query["state"][0]) >= 32

    location = authorise_on_instance(authorize, "alice")
    assert location.startswith(query["redirect_uri"][0])
    response = come_back(owner_client, location)
    assert response.status_code == 302
    assert response["Location"] == reverse("networks:index", args=[workspace.slug])

    account = ConnectedAccount.objects.get(workspace=workspace, network="mastodon")
    assert account.handle == "@alice@mock.local"
    assert account.display_name == "Alice"
    assert account.server_url == server.base_url
    assert account.remote_id.endswith(f"@{urlsplit(server.base_url).netloc}")
    assert account.connected_by == owner
    credentials = account.credentials
    assert {"access_token", "account_id", "client_id", "client_secret"} <= set(credentials)
    assert "client_secret" not in account.credentials_token  # encrypted at rest

    # The token is Alice's, for Comptoir's app, and the connector can use it.
    app = httpx.get(
        f"{server.base_url}/api/v1/apps/verify_credentials",
        headers={"Authorization": f"Bearer {credentials['access_token']}"},
    ).json()
    assert app["name"] == "Comptoir"
    assert MastodonConnector(account).fetch_since(None).items == []

    page = owner_client.get(reverse("networks:index", args=[workspace.slug]))
    assert "@alice@mock.local" in page.content.decode()


def test_reconnecting_reuses_the_app_and_keeps_the_same_account(owner_client, workspace, server):
    come_back(
        owner_client,
        authorise_on_instance(start(owner_client, workspace, server.base_url)["Location"], "alice"),
    )
    first = ConnectedAccount.objects.get(workspace=workspace)

    # Registering again would fail now: the app Comptoir registered before must be reused.
    with server.fault(path="/api/v1/apps", methods=["POST"], status=500):
        authorize = start(owner_client, workspace, server.base_url)["Location"]
    come_back(owner_client, authorise_on_instance(authorize, "alice"))

    again = ConnectedAccount.objects.get(workspace=workspace)
    assert again.pk == first.pk
    assert again.credentials["client_id"] == first.credentials["client_id"]


def test_a_second_account_on_the_same_instance_is_a_second_connection(
    owner_client, workspace, server
):
    for username in ("alice", "bob"):
        authorize = start(owner_client, workspace, server.base_url)["Location"]
        come_back(owner_client, authorise_on_instance(authorize, username))
    handles = set(
        ConnectedAccount.objects.filter(workspace=workspace).values_list("handle", flat=True)
    )
    assert handles == {"@alice@mock.local", "@bob@mock.local"}


def test_a_callback_with_an_unknown_state_connects_nothing(owner_client, workspace, server):
    authorize = start(owner_client, workspace, server.base_url)["Location"]
    location = authorise_on_instance(authorize, "alice")
    forged = re.sub(r"state=[^&]+", "state=forged", location)
    response = come_back(owner_client, forged)
    assert response.status_code == 400
    assert not ConnectedAccount.objects.exists()


def test_a_state_is_used_only_once(owner_client, workspace, server):
    location = authorise_on_instance(
        start(owner_client, workspace, server.base_url)["Location"], "alice"
    )
    assert come_back(owner_client, location).status_code == 302
    assert come_back(owner_client, location).status_code == 400


def test_another_person_cannot_finish_someone_elses_connection(
    owner_client, workspace, server, client
):
    location = authorise_on_instance(
        start(owner_client, workspace, server.base_url)["Location"], "alice"
    )
    intruder = MembershipFactory(workspace=workspace, role="manager").user
    client.force_login(intruder)
    assert come_back(client, location).status_code == 400
    assert not ConnectedAccount.objects.exists()


def test_a_state_from_another_workspace_is_refused(owner_client, owner, workspace, server):
    other = WorkspaceFactory()
    MembershipFactory(workspace=other, user=owner, role="owner")
    location = authorise_on_instance(
        start(owner_client, workspace, server.base_url)["Location"], "alice"
    )
    moved = location.replace(f"/w/{workspace.slug}/", f"/w/{other.slug}/")
    assert come_back(owner_client, moved).status_code == 400
    assert not ConnectedAccount.objects.exists()


def test_refusing_on_the_instance_connects_nothing(owner_client, workspace, server):
    authorize = start(owner_client, workspace, server.base_url)["Location"]
    state = parse_qs(urlsplit(authorize).query)["state"][0]
    path = reverse("networks:callback", args=[workspace.slug, "mastodon"])
    response = owner_client.get(path, {"error": "access_denied", "state": state})
    assert response.status_code == 200
    server_name = server.base_url  # an http test server keeps its scheme
    with translation.override(response["Content-Language"]):
        expected = translation.gettext(
            "Access was not given on %(server)s, so nothing was connected."
        ) % {"server": server_name}
    assert response.context["error"] == expected
    assert not ConnectedAccount.objects.exists()


def test_a_code_the_instance_refuses_is_explained(owner_client, workspace, server):
    authorize = start(owner_client, workspace, server.base_url)["Location"]
    location = authorise_on_instance(authorize, "alice")
    bad = re.sub(r"code=[^&]+", "code=not-a-code", location)
    response = come_back(owner_client, bad)
    assert response.status_code == 200
    assert shown(response, oauth.CODE_REFUSED)
    assert not ConnectedAccount.objects.exists()


def test_a_private_address_is_refused_before_any_request(owner_client, workspace, server, settings):
    settings.ALLOWED_PRIVATE_HOSTS = []
    response = start(owner_client, workspace, server.base_url)
    assert response.status_code == 200
    with translation.override(response["Content-Language"]):
        expected = PrivateAddressError(server.base_url).user_message
    assert response.context["form"].errors["instance"] == [expected]


def test_an_address_without_mastodon_is_explained(owner_client, workspace, server):
    with server.fault(path="/api/v1/apps", methods=["POST"], status=404):
        response = start(owner_client, workspace, server.base_url)
    assert response.status_code == 200
    assert shown(response, oauth.NOT_MASTODON)


def test_members_below_manager_cannot_connect(member_factory, workspace, server):
    _membership, client = member_factory("member")
    assert start(client, workspace, server.base_url).status_code == 403


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("piaille.fr", "https://piaille.fr"),
        ("  Piaille.FR ", "https://piaille.fr"),
        ("@boulangerie@piaille.fr", "https://piaille.fr"),
        ("https://piaille.fr/@boulangerie", "https://piaille.fr"),
        ("http://piaille.fr", "https://piaille.fr"),
        ("http://127.0.0.1:3000", "http://127.0.0.1:3000"),
        ("réseau.fr", "https://xn--rseau-bsa.fr"),
    ],
)
def test_what_people_type_becomes_an_instance_address(typed, expected, settings):
    settings.ALLOWED_PRIVATE_HOSTS = ["127.0.0.1"]
    assert instance_url(typed) == expected


@pytest.mark.parametrize("typed", ["", "piaille", "ftp://piaille.fr", "pia ille.fr", "a_b.fr"])
def test_what_is_not_an_address_is_refused(typed):
    with pytest.raises(ValueError):
        instance_url(typed)
