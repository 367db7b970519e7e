"""Warn a workspace's owners before an account's access dies and when a connection breaks.

Social networks revoke and expire access all the time; an owner who learns it from an
email can reconnect in a minute, one who learns it from silence loses a week of messages.
Each episode (about to expire, broken) is told once, by email in the workspace's
language, to every owner and manager.
"""

from __future__ import annotations

import logging
from datetime import datetime, timedelta

from django.conf import settings
from django.core.mail import send_mail
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation

from comptoir.networks.models import AccountStatus, ConnectedAccount
from comptoir.workspaces.models import Membership, Role

logger = logging.getLogger(__name__)

EXPIRY_NOTICE = timedelta(days=7)


def accounts_needing_attention(
    now: datetime,
) -> tuple[list[ConnectedAccount], list[ConnectedAccount]]:
    """(about to expire, broken) accounts whose owners have not been told yet."""
    base = ConnectedAccount.objects.select_related("workspace")
    expiring = base.filter(
        status=AccountStatus.ACTIVE,
        token_expires_at__isnull=False,
        token_expires_at__lte=now + EXPIRY_NOTICE,
        expiry_warned_at__isnull=True,
    )
    broken = base.filter(status=AccountStatus.BROKEN, broken_warned_at__isnull=True)
    return list(expiring), list(broken)


def recipients(account: ConnectedAccount) -> list[str]:
    managers = Membership.objects.for_workspace(account.workspace).filter(
        role__in=[Role.OWNER, Role.MANAGER], user__is_active=True
    )
    return sorted({m.user.email for m in managers.select_related("user")})


def warn(account: ConnectedAccount, kind: str) -> bool:
    """Email the owners about one account; True when the mail left."""
    to = recipients(account)
    if not to:
        return False
    link = settings.BASE_URL + reverse("networks:index", args=[account.workspace.slug])
    context = {"account": account, "link": link, "kind": kind}
    with (
        translation.override(account.workspace.language),
        timezone.override(account.workspace.tzinfo),
    ):
        subject = render_to_string("networks/email/health_subject.txt", context).strip()
        body = render_to_string("networks/email/health.txt", context)
    try:
        send_mail(subject, body, None, to)
    except OSError:
        logger.exception("Could not warn about account %s", account.pk)
        return False
    return True


def warn_owners(now: datetime | None = None) -> dict[str, int]:
    now = now or timezone.now()
    expiring, broken = accounts_needing_attention(now)
    told = {"expiring": 0, "broken": 0}
    for account in expiring:
        if warn(account, "expiring"):
            ConnectedAccount.objects.filter(pk=account.pk).update(expiry_warned_at=now)
            told["expiring"] += 1
    for account in broken:
        if warn(account, "broken"):
            ConnectedAccount.objects.filter(pk=account.pk).update(broken_warned_at=now)
            told["broken"] += 1
    return told
