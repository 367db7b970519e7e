"""Accounts of every publishing network, and the local feed server of the feed reader's tests."""

from __future__ import annotations

import pytest
from django.utils import translation

from comptoir.networks.models import ConnectedAccount
from tests.networks.rss.conftest import allow_local, feed_server  # noqa: F401


def make_account(workspace, network, handle):
    return ConnectedAccount.objects.create(
        workspace=workspace, network=network, remote_id=handle, handle=handle
    )


@pytest.fixture
def bluesky(workspace):
    return make_account(workspace, "bluesky", "boulangerie.bsky.social")


@pytest.fixture
def mastodon(workspace):
    return make_account(workspace, "mastodon", "boulangerie@piaille.fr")


@pytest.fixture(autouse=True)
def english():
    """Explanations are checked in English (the French ones are checked by the catalogue)."""
    with translation.override("en"):
        yield


@pytest.fixture
def owner_client(owner_client):
    """Pages in English too, whatever language the machine's defaults would pick."""
    owner_client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"
    return owner_client
