"""The periodic job that keeps the sandbox alive: one round of customers per account."""

from __future__ import annotations

import logging
import random

from django.utils import timezone
from django_tasks import task

from comptoir.networks.models import AccountStatus, ConnectedAccount
from comptoir.networks.sandbox import webhooks
from comptoir.networks.sandbox.simulation import step

logger = logging.getLogger(__name__)


@task()
def simulate_sandbox_customers() -> int:
    """Run one simulation step for every connected sandbox account; return how many ran.

    Each account gets its own random generator, seeded with its id and the time, so a run
    can be replayed; one account's failure is logged and does not stop the others.
    """
    now = timezone.now()
    accounts = (
        ConnectedAccount.objects.filter(network="sandbox", status=AccountStatus.ACTIVE)
        .select_related("workspace")
        .order_by("pk")
    )
    stepped = 0
    for account in accounts:
        rng = random.Random(f"{account.pk}:{now.isoformat()}")  # noqa: S311 - a story, not a secret
        try:
            report = step(account, rng, now)
        except Exception:
            logger.exception("sandbox simulation failed for account %s", account.pk)
            continue
        logger.info("sandbox account %s: %s new items", account.pk, report.total)
        stepped += 1
    return stepped


@task()
def call_sandbox_webhook(account_id: int, events: list[dict[str, str]]) -> bool:
    """Tell Comptoir, through the account's webhook, what the customers just did."""
    account = ConnectedAccount.objects.filter(pk=account_id).first()
    return webhooks.call(account, events) if account else False
