"""The periodic job that keeps every inbox up to date."""

from __future__ import annotations

import logging

from django_tasks import task

from comptoir.inbox.ingestion import ingest_account, readable_streams
from comptoir.networks.models import AccountStatus, ConnectedAccount
from comptoir.networks.registry import NETWORKS

logger = logging.getLogger(__name__)


@task()
def ingest_all_accounts() -> dict[str, int]:
    """Read new messages of every connected account, of every workspace.

    Each account is read on its own: one whose network fails, or whose data trips an
    unexpected bug, is logged and the others are still read.
    """
    networks = [spec.slug for spec in NETWORKS if readable_streams(spec)]
    accounts = (
        ConnectedAccount.objects.filter(network__in=networks, status=AccountStatus.ACTIVE)
        .select_related("workspace")
        .order_by("pk")
    )
    summary = {"accounts": 0, "messages": 0, "failed": 0}
    for account in accounts:
        try:
            summary["messages"] += ingest_account(account)
        except Exception:
            logger.exception("inbox: ingestion failed for account %s", account.pk)
            summary["failed"] += 1
            continue
        summary["accounts"] += 1
    return summary
