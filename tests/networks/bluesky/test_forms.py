"""The connection form: an app password only, a usable handle, a public server."""

from __future__ import annotations

from typing import Any

import pytest

from comptoir.networks.bluesky.forms import BlueskyConnectForm, normalise_handle

VALID = {
    "handle": "boulangerie.test",
    "app_password": "abcd-efgh-ijkl-mnop",
    "server": "https://pds.example.com",
}


@pytest.fixture(autouse=True)
def example_hosts(settings: Any) -> None:
    settings.ALLOWED_PRIVATE_HOSTS = ["pds.example.com", "bsky.social"]


def form(**changes: str) -> BlueskyConnectForm:
    return BlueskyConnectForm({**VALID, **changes})


def test_valid_form() -> None:
    bound = form(app_password=" ABCD-efgh-1234-mnop ", server="pds.example.com/")
    assert bound.is_valid(), bound.errors
    assert bound.cleaned_data == {
        "handle": "boulangerie.test",
        "app_password": "abcd-efgh-1234-mnop",
        "server": "https://pds.example.com",
    }


def test_server_defaults_to_bluesky() -> None:
    bound = form(server="", handle="@Boulangerie-Martin")
    assert bound.is_valid(), bound.errors
    assert bound.cleaned_data["server"] == "https://bsky.social"
    assert bound.cleaned_data["handle"] == "boulangerie-martin.bsky.social"


@pytest.mark.parametrize("password", ["mon-mot-de-passe", "Sup3rSecret!", "abcd-efgh-ijkl"])
def test_anything_but_an_app_password_is_refused(password: str) -> None:
    bound = form(app_password=password)
    assert not bound.is_valid()
    assert "App passwords" in bound.errors["app_password"][0]


def test_a_bare_name_needs_its_domain_outside_bsky_social() -> None:
    bound = form(handle="boulangerie")
    assert not bound.is_valid()
    assert "full handle" in bound.errors["handle"][0]


def test_email_addresses_are_accepted_as_they_are() -> None:
    assert normalise_handle("Contact@Boulangerie.fr", "https://bsky.social") == (
        "Contact@Boulangerie.fr"
    )
    assert form(handle="contact@boulangerie.fr").is_valid()


@pytest.mark.parametrize("server", ["ftp://pds.example.com", "https://", "https://x.fr/?a=b"])
def test_odd_servers_are_refused(server: str) -> None:
    bound = form(server=server)
    assert not bound.is_valid()
    assert "server address" in bound.errors["server"][0]


def test_private_servers_are_refused(settings: Any) -> None:
    settings.ALLOWED_PRIVATE_HOSTS = []
    bound = form(server="http://127.0.0.1:2583")
    assert not bound.is_valid()
    assert "private network" in bound.errors["server"][0]
