"""Factories of the webhooks app's models."""

from __future__ import annotations

import factory

from comptoir.networks import crypto
from comptoir.networks.models import ConnectedAccount
from comptoir.webhooks import hooks
from comptoir.webhooks.models import AccountHook


class AccountHookFactory(factory.django.DjangoModelFactory):
    """A sandbox account's webhook, with its own account in the same workspace."""

    class Meta:
        model = AccountHook
        exclude = ("token",)

    workspace = factory.SubFactory("tests.factories.WorkspaceFactory")
    account = factory.LazyAttributeSequence(
        lambda o, n: ConnectedAccount.objects.create(
            workspace=o.workspace, network="sandbox", remote_id=f"hooked-{n}", handle=f"hooked-{n}"
        )
    )
    token = factory.Sequence(lambda n: f"token-{n}")
    token_hash = factory.LazyAttribute(lambda o: hooks.token_hash(o.token))
    secrets_token = factory.LazyAttribute(
        lambda o: crypto.encrypt({"token": o.token, "secret": "a-secret"})
    )
