"""A connected account's secret address for incoming webhooks."""

from __future__ import annotations

from typing import Any

from django.db import models
from django.utils.translation import gettext_lazy as _

from comptoir.networks import crypto
from comptoir.networks.models import ConnectedAccount
from comptoir.workspaces.models import WorkspaceScoped


class AccountHook(WorkspaceScoped):
    """Where a network tells Comptoir that something new reached an account.

    The token in the address is looked up by its SHA-256 (``token_hash``): the database
    never compares the token itself. The token and the signing secret are kept encrypted
    like account credentials, so the account page can show them to a manager to paste into
    the network's settings.
    """

    account = models.OneToOneField(
        ConnectedAccount, on_delete=models.CASCADE, related_name="webhook"
    )
    token_hash = models.CharField(max_length=64, unique=True)
    secrets_token = models.TextField(editable=False)
    # When a call asked for a reading that has not started yet: further calls meanwhile add
    # nothing to the queue (unless that request looks lost, see ``hooks.nudge``).
    asked_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    last_received_at = models.DateTimeField(_("last call"), null=True, blank=True)

    class Meta:
        verbose_name = _("incoming webhook")
        verbose_name_plural = _("incoming webhooks")

    def __str__(self) -> str:
        return f"webhook of account {self.account_id}"

    @property
    def secrets(self) -> dict[str, Any]:
        return crypto.decrypt(self.secrets_token)

    @property
    def token(self) -> str:
        return str(self.secrets["token"])

    @property
    def secret(self) -> str:
        return str(self.secrets["secret"])
