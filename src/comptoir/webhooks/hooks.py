"""Turning an account's webhook on and off, finding it from a call, and nudging ingestion.

A call never carries data into Comptoir: it only asks for the account to be read now,
through the same idempotent ingestion as the periodic polling. A forged or replayed call
can therefore create nothing; the worst it can do is an early reading, which the rate
limit and the single waiting request (``asked_at``) keep cheap.
"""

from __future__ import annotations

import hashlib
import ipaddress
import secrets
from datetime import timedelta
from urllib.parse import urlsplit

from django.conf import settings
from django.db import transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone

from comptoir.networks import crypto
from comptoir.networks.models import AccountStatus, ConnectedAccount
from comptoir.networks.registry import get_network
from comptoir.webhooks.models import AccountHook

LOST_AFTER = timedelta(minutes=5)
LOCAL_SUFFIXES = (".local", ".localhost", ".internal", ".lan", ".home.arpa", ".test")


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def supports_webhooks(account: ConnectedAccount) -> bool:
    """The account's connector declares it (``webhooks = True``): its network can call us."""
    try:
        spec = get_network(account.network)
    except LookupError:
        return False
    return bool(getattr(spec.connector_class, "webhooks", False))


def public_base_url() -> str:
    """The site's address when networks can reach it (https, a public host), else ""."""
    base = str(getattr(settings, "BASE_URL", ""))
    parts = urlsplit(base)
    host = (parts.hostname or "").lower()
    if parts.scheme != "https" or not host or "." not in host:
        return ""
    if host == "localhost" or host.endswith(LOCAL_SUFFIXES):
        return ""
    try:
        address = ipaddress.ip_address(host)
    except ValueError:
        return base.rstrip("/")
    return base.rstrip("/") if address.is_global else ""


def hook_url(hook: AccountHook, base: str | None = None) -> str:
    path = reverse("webhooks:receive", kwargs={"token": hook.token})
    return f"{(base if base is not None else settings.BASE_URL).rstrip('/')}{path}"


def turn_on(account: ConnectedAccount) -> AccountHook:
    """Give the account a new secret address and signing secret (replacing older ones)."""
    token = secrets.token_urlsafe(32)
    with transaction.atomic():
        AccountHook.objects.filter(account=account).delete()
        return AccountHook.objects.create(
            workspace_id=account.workspace_id,
            account=account,
            token_hash=token_hash(token),
            secrets_token=crypto.encrypt({"token": token, "secret": secrets.token_hex(32)}),
        )


def turn_off(account: ConnectedAccount) -> None:
    AccountHook.objects.filter(account=account).delete()


def find(token: str) -> AccountHook | None:
    """The hook of an active account with this token, or None."""
    if not token or len(token) > 100:
        return None
    return (
        AccountHook.objects.select_related("account")
        .filter(token_hash=token_hash(token), account__status=AccountStatus.ACTIVE)
        .first()
    )


def nudge(hook: AccountHook) -> bool:
    """Ask for the account to be read now; False when a reading is already waiting.

    A request older than ``LOST_AFTER`` that never started (a queue that lost it) no
    longer holds the next ones back.
    """
    now = timezone.now()
    waiting = Q(asked_at__isnull=False) & Q(asked_at__gt=now - LOST_AFTER)
    asked = (
        AccountHook.objects.filter(pk=hook.pk)
        .exclude(waiting)
        .update(asked_at=now, last_received_at=now)
    )
    if not asked:
        AccountHook.objects.filter(pk=hook.pk).update(last_received_at=now)
        return False
    account_id = hook.account_id
    # After the commit: a worker must never start the reading before it sees the request.
    transaction.on_commit(lambda: enqueue_reading(account_id))
    return True


def enqueue_reading(account_id: int) -> None:
    from comptoir.webhooks.tasks import read_hooked_account

    read_hooked_account.enqueue(account_id)


def subscription(account: ConnectedAccount) -> tuple[str, str] | None:
    """The address and secret a network calls for this account, when webhooks are on."""
    hook = AccountHook.objects.filter(account=account).first()
    return (hook_url(hook), hook.secret) if hook else None
