"""Writes about connected accounts; views and tasks call these, never the ORM directly."""

from __future__ import annotations

import logging
from collections.abc import Iterator
from contextlib import contextmanager

from django.db import transaction

from comptoir.accounts.models import User
from comptoir.networks.base import AccountInfo
from comptoir.networks.errors import NetworkError
from comptoir.networks.models import AccountStatus, ConnectedAccount
from comptoir.workspaces.models import Workspace

logger = logging.getLogger(__name__)


@transaction.atomic
def save_connection(
    workspace: Workspace, network: str, info: AccountInfo, user: User | None
) -> ConnectedAccount:
    """Create the account, or refresh it when it was connected before.

    Reconnecting updates the same row: its history, cursors and posts stay attached, and
    the new secrets replace the old ones only once the network has accepted them.
    """
    account, _created = ConnectedAccount.objects.select_for_update().get_or_create(
        workspace=workspace,
        network=network,
        remote_id=info.remote_id,
        defaults={"handle": info.handle, "connected_by": user},
    )
    account.handle = info.handle
    account.display_name = info.display_name
    account.server_url = info.server_url
    account.credentials = info.credentials
    account.token_expires_at = info.token_expires_at
    account.status = AccountStatus.ACTIVE
    account.last_error_kind = ""
    account.last_error_detail = ""
    account.expiry_warned_at = None
    account.broken_warned_at = None
    account.connected_by = user or account.connected_by
    account.save()
    return account


def disconnect(account: ConnectedAccount) -> None:
    """Forget the secrets; keep the row so past messages and posts keep their account."""
    account.credentials_token = ""
    account.status = AccountStatus.DISCONNECTED
    account.save(update_fields=["credentials_token", "status"])


def keep_refreshed_credentials(account: ConnectedAccount, connector: object) -> None:
    """Store tokens a connector renewed while working (e.g. a Bluesky session refresh).

    Keeping them spares a new sign-in, which some networks ration tightly.
    """
    updated = getattr(connector, "updated_credentials", None)
    if updated:
        account.credentials = updated
        account.save(update_fields=["credentials_token"])


@contextmanager
def reading(account: ConnectedAccount, connector: object, purpose: str) -> Iterator[None]:
    """Read from an account, keeping its health and its renewed tokens up to date.

    A network error ends the reading quietly: it is logged and noted on the account
    (an expired token marks it for reconnecting), and the caller moves on to the next
    account. A reading that ends well clears the account's earlier errors. Tokens the
    connector renewed meanwhile are kept either way.
    """
    try:
        yield
    except NetworkError as error:
        logger.warning("%s: reading account %s failed: %s", purpose, account.pk, error)
        account.record_error(error)
    else:
        account.record_success()
    finally:
        keep_refreshed_credentials(account, connector)
