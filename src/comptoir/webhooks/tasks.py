"""The reading a webhook call asks for: the account's usual ingestion, at once."""

from __future__ import annotations

from django_tasks import task

from comptoir.inbox.ingestion import ingest_account
from comptoir.networks.models import AccountStatus, ConnectedAccount
from comptoir.webhooks.models import AccountHook


@task()
def read_hooked_account(account_id: int) -> int:
    """Read the account now; return how many messages were added.

    The request is cleared before reading, so a call arriving during the reading asks for
    one more, and nothing said meanwhile waits for the next polling run.
    """
    AccountHook.objects.filter(account_id=account_id).update(asked_at=None)
    account = ConnectedAccount.objects.filter(pk=account_id, status=AccountStatus.ACTIVE).first()
    return ingest_account(account) if account else 0
