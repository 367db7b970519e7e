"""Find what public posts say about each topic, on every connected account that can search.

For each active topic, each line of its terms is searched on each of the workspace's
connected accounts whose network offers search (``Listener``), from where that same
search stopped last time: the cursor is kept per topic, account and term. A page of
results is stored and its cursor moved forward in one transaction, as the inbox does, so
a run stopped half-way reads the page again next time and the unique remote id makes the
repeat harmless.

Networks understand queries differently (Bluesky's search is word-based, Mastodon's may
only know hashtags, feeds are filtered by Comptoir itself), so every result is checked
again here: the term must be in the text and none of the topic's excluded words.

A failing network leaves its cursors where they were and is noted on the account (an
expired token marks it for reconnecting, like every other reading); the other accounts,
topics and workspaces go on.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import UTC, datetime

from django.db import transaction
from django.utils import timezone

from comptoir.listening.models import Mention, Topic
from comptoir.networks.actions import reading
from comptoir.networks.base import Batch, IncomingItem
from comptoir.networks.errors import ErrorKind, NetworkError
from comptoir.networks.models import AccountStatus, ConnectedAccount
from comptoir.networks.registry import NETWORKS, get_network
from comptoir.workspaces.models import Workspace

logger = logging.getLogger(__name__)

# Pages read per search and run: one very talkative term cannot hold a worker; the rest is
# read at the next run, from the saved cursor.
MAX_PAGES = 5

Search = Callable[[str, str | None], Batch]


@dataclass
class Summary:
    """What a run did, for the task's result and the logs.

    ``failed`` counts searches stopped by an unexpected error; a network's refusal or
    outage is not a failure of the run: it is noted on the account, which shows it.
    """

    accounts: int = 0
    mentions: int = 0
    failed: int = 0

    def add(self, other: Summary) -> None:
        self.accounts += other.accounts
        self.mentions += other.mentions
        self.failed += other.failed

    def as_dict(self) -> dict[str, int]:
        return {"accounts": self.accounts, "mentions": self.mentions, "failed": self.failed}


def listening_networks() -> list[str]:
    """The networks whose connector can search public posts."""
    return [spec.slug for spec in NETWORKS if spec.listed and "listener" in spec.capabilities]


def listening_accounts(workspace: Workspace | int) -> list[ConnectedAccount]:
    """The workspace's connected, healthy accounts that can search, in a stable order."""
    accounts = ConnectedAccount.objects.filter(
        workspace=workspace, network__in=listening_networks(), status=AccountStatus.ACTIVE
    )
    return list(accounts.select_related("workspace").order_by("pk"))


def search_workspace(workspace: Workspace | int) -> Summary:
    """Run every active topic of the workspace on each of its accounts that can search."""
    summary = Summary()
    topics = list(Topic.objects.filter(workspace=workspace, active=True).order_by("pk"))
    if not topics:
        return summary
    for account in listening_accounts(workspace):
        try:
            summary.mentions += search_account(account, topics)
        except Exception:
            # A bug tripped by one account's data must not stop the others.
            logger.exception("listening: searching with account %s failed", account.pk)
            summary.failed += 1
            continue
        summary.accounts += 1
    return summary


def search_account(account: ConnectedAccount, topics: Iterable[Topic]) -> int:
    """Search each topic's terms with this account; return how many mentions were added.

    Safe to run again at any time, and concurrently: nothing is stored twice.
    """
    connector = get_network(account.network).connector_class(account)
    search: Search = connector.search
    added = 0
    with reading(account, connector, "listening"):
        for topic in topics:
            for term in topic.term_list():
                try:
                    added += _read(account, topic, term, search)
                except NetworkError as error:
                    if error.kind is not ErrorKind.VALIDATION:
                        raise
                    # The network refused this query only: the topic's other terms go on.
                    logger.info("listening: %s refused %r: %s", account.network, term, error)
    return added


def cursor_key(account: ConnectedAccount, term: str) -> str:
    return f"{account.pk}:{term}"


def _read(account: ConnectedAccount, topic: Topic, term: str, search: Search) -> int:
    added = 0
    key = cursor_key(account, term)
    cursor = _cursor(topic, key)
    for _page in range(MAX_PAGES):
        batch = search(term, cursor)
        with transaction.atomic():
            added += store_results(account, topic, term, batch.items)
            _save_cursor(topic, key, batch.cursor)
        if not batch.items or batch.cursor is None or batch.cursor == cursor:
            break  # nothing more to read for now
        cursor = batch.cursor
    return added


def _cursor(topic: Topic, key: str) -> str | None:
    value = (topic.cursors or {}).get(key)
    return value if isinstance(value, str) else None


def _save_cursor(topic: Topic, key: str, cursor: str | None) -> None:
    """Move one search's cursor, leaving the others alone.

    The row is locked and read again so two runs writing different keys never lose one;
    keys of terms no longer in the topic are dropped on the way.
    """
    if cursor is None or _cursor(topic, key) == cursor:
        return
    locked = Topic.objects.select_for_update().only("cursors", "terms").filter(pk=topic.pk).first()
    if locked is None:
        return  # deleted meanwhile
    current = set(locked.term_list())
    cursors = {k: v for k, v in (locked.cursors or {}).items() if k.partition(":")[2] in current}
    cursors[key] = cursor
    Topic.objects.filter(pk=topic.pk).update(cursors=cursors)
    topic.cursors = cursors


def store_results(
    account: ConnectedAccount, topic: Topic, term: str, items: Iterable[IncomingItem]
) -> int:
    """Store the results that really match and are not stored yet; return how many.

    Must run inside the transaction that also saves the cursor.
    """
    wanted: dict[str, IncomingItem] = {}
    for item in items:
        remote_id = item.remote_id[:255]
        if remote_id and remote_id not in wanted and topic.accepts(term, item.text):
            wanted[remote_id] = item
    if not wanted:
        return 0
    same_network = Mention.objects.filter(
        workspace_id=account.workspace_id, network=account.network
    )
    known = set(same_network.filter(remote_id__in=list(wanted)).values_list("remote_id", flat=True))
    fresh = [
        _mention(account, topic, remote_id, item)
        for remote_id, item in wanted.items()
        if remote_id not in known
    ]
    if not fresh:
        return 0
    # Another run (or topic) may have stored some of them meanwhile: the constraint skips
    # them, and they are then counted here too (a count for the logs, never a decision).
    Mention.objects.bulk_create(fresh, ignore_conflicts=True)
    return int(same_network.filter(remote_id__in=[m.remote_id for m in fresh]).count())


def _mention(
    account: ConnectedAccount, topic: Topic, remote_id: str, item: IncomingItem
) -> Mention:
    handle = (item.author.handle or item.author.remote_id)[:150]
    return Mention(
        workspace_id=account.workspace_id,
        network=account.network,
        account=account,
        topic=topic.name[:80],
        topic_ref=topic,
        author_name=(item.author.display_name or handle)[:150],
        author_handle=handle,
        text=item.text,
        found_at=_moment(item.created_at),
        remote_id=remote_id,
        url=item.url[:2000],
    )


def _moment(created_at: datetime | None) -> datetime:
    """When the post was written; a clock ahead of ours is brought back to now."""
    now = timezone.now()
    if created_at is None:
        return now
    if timezone.is_naive(created_at):
        created_at = created_at.replace(tzinfo=UTC)
    return min(created_at, now)
