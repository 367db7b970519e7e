"""A bakery listening to its name on the sandbox, where customers' posts are rows."""

from __future__ import annotations

import pytest

from comptoir.listening.models import Topic
from comptoir.networks.models_sandbox import SandboxPost
from tests.factories import WorkspaceFactory
from tests.networks.sandbox.conftest import connect_sandbox


@pytest.fixture
def bakery(db):
    return WorkspaceFactory(name="Boulangerie Martin", sector="food")


@pytest.fixture
def account(bakery):
    return connect_sandbox(bakery)


def make_topic(workspace, name="Boulangerie Martin", **fields):
    values = {"kind": "brand", "terms": '"Boulangerie Martin"', **fields}
    return Topic.objects.create(workspace=workspace, name=name, **values)


@pytest.fixture
def topic(bakery):
    return make_topic(bakery)


def public_post(workspace, text, handle="claire.dubois", name="Claire Dubois"):
    """Someone else's public post on the workspace's sandbox."""
    return SandboxPost.objects.create(
        workspace=workspace, author_handle=handle, author_name=name, text=text
    )
