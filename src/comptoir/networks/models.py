"""Connected accounts: a workspace's account on a network, its secrets and its health."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from comptoir.networks import crypto
from comptoir.networks.errors import NetworkError
from comptoir.workspaces.models import WorkspaceScoped


class AccountStatus(models.TextChoices):
    ACTIVE = "active", _("Connected")
    BROKEN = "broken", _("Needs reconnecting")
    DISCONNECTED = "disconnected", _("Disconnected")


class ConnectedAccount(WorkspaceScoped):
    network = models.CharField(_("network"), max_length=30)
    remote_id = models.CharField(_("account id"), max_length=255)
    handle = models.CharField(_("handle"), max_length=255)
    display_name = models.CharField(_("name"), max_length=255, blank=True)
    # The instance, PDS or feed this account lives on.
    server_url = models.URLField(_("server"), max_length=500, blank=True)
    credentials_token = models.TextField(editable=False, blank=True)
    token_expires_at = models.DateTimeField(_("token expires"), null=True, blank=True)
    status = models.CharField(
        _("status"), max_length=15, choices=AccountStatus.choices, default=AccountStatus.ACTIVE
    )
    last_success_at = models.DateTimeField(_("last success"), null=True, blank=True)
    last_error_at = models.DateTimeField(_("last error"), null=True, blank=True)
    last_error_kind = models.CharField(max_length=30, blank=True)
    last_error_detail = models.TextField(blank=True)
    # Where each incremental read stopped (notifications cursor, feed ETag...), by stream name.
    cursors = models.JSONField(default=dict, blank=True)
    # When the owners were last warned, so each warning is sent once per episode.
    expiry_warned_at = models.DateTimeField(null=True, blank=True)
    broken_warned_at = models.DateTimeField(null=True, blank=True)
    connected_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(_("connected"), auto_now_add=True)

    class Meta:
        verbose_name = _("connected account")
        verbose_name_plural = _("connected accounts")
        ordering = ["network", "handle"]
        constraints = [
            models.UniqueConstraint(
                fields=["workspace", "network", "remote_id"], name="one_connection_per_account"
            )
        ]

    def __str__(self) -> str:
        return f"{self.handle} ({self.network})"

    @property
    def credentials(self) -> dict[str, Any]:
        return crypto.decrypt(self.credentials_token)

    @credentials.setter
    def credentials(self, value: dict[str, Any]) -> None:
        self.credentials_token = crypto.encrypt(value)

    def record_success(self) -> None:
        now = timezone.now()
        recent = self.last_success_at and now - self.last_success_at < timedelta(minutes=1)
        if recent and self.status == AccountStatus.ACTIVE:
            return  # busy accounts would otherwise rewrite this row for every call
        self.last_success_at = now
        fields = ["last_success_at"]
        if self.status == AccountStatus.BROKEN:
            self.status = AccountStatus.ACTIVE
            self.broken_warned_at = None
            fields += ["status", "broken_warned_at"]
        self.save(update_fields=fields)

    def record_error(self, error: NetworkError) -> None:
        """Remember the failure; an expired or revoked token marks the account broken."""
        from comptoir.networks.errors import ErrorKind

        self.last_error_at = timezone.now()
        self.last_error_kind = error.kind.value
        self.last_error_detail = error.detail[:2000]
        fields = ["last_error_at", "last_error_kind", "last_error_detail"]
        if error.kind is ErrorKind.AUTH_EXPIRED:
            self.status = AccountStatus.BROKEN
            fields.append("status")
        self.save(update_fields=fields)


from comptoir.networks.models_sandbox import *  # noqa: E402, F403
