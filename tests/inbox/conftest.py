"""A bakery connected to the sandbox, with one post of its own customers can answer."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.test import Client

from comptoir.networks import actions
from comptoir.networks.base import OutgoingPost
from comptoir.networks.models_sandbox import SandboxPost
from comptoir.networks.sandbox.connector import SandboxConnector
from tests.factories import MembershipFactory, WorkspaceFactory
from tests.networks.sandbox.conftest import MORNING


@pytest.fixture
def bakery(db):
    return WorkspaceFactory(
        name="Boulangerie Martin", sector="food", address="42 rue de Bourgogne, 45000 Orléans"
    )


@pytest.fixture
def account(bakery):
    info = SandboxConnector.connect({"display_name": "Boulangerie Martin"})
    return actions.save_connection(bakery, "sandbox", info, None)


@pytest.fixture
def bakery_post(account):
    published = SandboxConnector(account).publish(OutgoingPost("Les croissants sont chauds !"))
    SandboxPost.objects.filter(remote_id=published.remote_id).update(
        created_at=MORNING - timedelta(hours=1)
    )
    return SandboxPost.objects.get(remote_id=published.remote_id)


@pytest.fixture
def bakery_client(bakery) -> Client:
    client = Client()
    client.force_login(MembershipFactory(workspace=bakery, role="member").user)
    return client


def customer_post(workspace, text, handle="claire.dubois", name="Claire Dubois", parent=None):
    return SandboxPost.objects.create(
        workspace=workspace,
        author_handle=handle,
        author_name=name,
        text=text,
        in_reply_to=parent.remote_id if parent else "",
        root_id=(parent.root_id or parent.remote_id) if parent else "",
    )
