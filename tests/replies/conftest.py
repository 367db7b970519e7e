"""A bakery on the sandbox, a customer's comment in its inbox, and the team that answers."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from django.test import Client
from django.utils import timezone

from comptoir.accounts.models import User
from comptoir.inbox.ingestion import ingest_account
from comptoir.inbox.models import Conversation, Message
from comptoir.networks import actions
from comptoir.networks.base import OutgoingPost
from comptoir.networks.models import ConnectedAccount
from comptoir.networks.models_sandbox import SandboxMessage, SandboxPost
from comptoir.networks.sandbox.connector import SandboxConnector
from comptoir.workspaces.models import Membership, Workspace
from tests.factories import MembershipFactory, UserFactory, WorkspaceFactory


@pytest.fixture
def bakery(db: Any) -> Workspace:
    return WorkspaceFactory(name="Boulangerie Martin")


@pytest.fixture
def account(bakery: Workspace) -> ConnectedAccount:
    info = SandboxConnector.connect({"display_name": "Boulangerie Martin"})
    return actions.save_connection(bakery, "sandbox", info, None)


def member(workspace: Workspace, role: str, name: str, **extra: Any) -> Membership:
    user: User = UserFactory(full_name=name)
    membership: Membership = MembershipFactory(workspace=workspace, user=user, role=role, **extra)
    return membership


@pytest.fixture
def julie(bakery: Workspace) -> Membership:
    return member(bakery, "member", "Julie Martin")


@pytest.fixture
def paul(bakery: Workspace) -> Membership:
    return member(bakery, "manager", "Paul Bernard")


def signed_in(membership: Membership) -> Client:
    client = Client()
    client.force_login(membership.user)
    return client


@pytest.fixture
def bakery_post(account: ConnectedAccount) -> SandboxPost:
    published = SandboxConnector(account).publish(OutgoingPost("Les croissants sont chauds !"))
    return SandboxPost.objects.get(remote_id=published.remote_id)


def comment(account: ConnectedAccount, parent: SandboxPost, text: str) -> Message:
    """Claire comments under the post, and the inbox reads it as every minute."""
    SandboxPost.objects.create(
        workspace_id=account.workspace_id,
        author_handle="claire.dubois",
        author_name="Claire Dubois",
        text=text,
        in_reply_to=parent.remote_id,
        root_id=parent.root_id or parent.remote_id,
    )
    ingest_account(account)
    message: Message = Message.objects.filter(account=account, text=text).get()
    return message


def direct(account: ConnectedAccount, text: str, age: timedelta = timedelta(0)) -> Message:
    """Claire writes to the business in private, ``age`` ago."""
    SandboxMessage.objects.create(
        workspace_id=account.workspace_id,
        account_handle=account.remote_id,
        thread_id="claire-thread",
        sender_handle="claire.dubois",
        sender_name="Claire Dubois",
        text=text,
        created_at=timezone.now() - age,
    )
    ingest_account(account)
    message: Message = Message.objects.filter(account=account, text=text).get()
    return message


@pytest.fixture
def question(account: ConnectedAccount, bakery_post: SandboxPost) -> Message:
    return comment(account, bakery_post, "Vous faites des gâteaux d'anniversaire ?")


@pytest.fixture
def conversation(question: Message) -> Conversation:
    return question.conversation
