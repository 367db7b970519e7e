"""Reading a followed feed and turning its new entries into posts.

The feed is fetched and parsed by the feed reader's own functions (``networks.rss.feed``):
the same safe fetching (every hop checked against private addresses, size and time
capped), the same parsing, the same entry ids, and conditional requests. An entry becomes
a post at most once: its row in ``FeedEntry`` is inserted in the same transaction as the
post, under unique keys on the entry's id and on its link, so two reads running at once,
or a feed that reorders or re-dates its entries, can never post it twice.

The first read of a new rule only remembers what the feed already holds: following a blog
must not flood the accounts with its archive. Each text is fitted to each account's
network: the summary is shortened (at a word, with "…") until the text fits.
"""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from comptoir.bulk import results, saving
from comptoir.bulk.models import FeedEntry, FeedMode, FeedRule
from comptoir.networks.errors import NetworkError, PrivateAddressError
from comptoir.networks.models import ConnectedAccount
from comptoir.networks.rss import feed
from comptoir.networks.rss.connector import FeedConnector
from comptoir.networks.rss.errors import MALFORMED, NO_FEED, REFUSED, TOO_LARGE, FeedError
from comptoir.notifications.actions import notify
from comptoir.publishing import composer, queue
from comptoir.publishing.models import Post
from comptoir.workspaces.models import Membership, Role

logger = logging.getLogger(__name__)

# Posts one read may create; the others wait for the next read (a site that republishes
# its whole archive at once must not flood the accounts).
MAX_POSTS_PER_READ = 5
SUMMARY_MAX = 500
# A site can be down for a moment: say so only after an hour of failed reads.
UNREACHABLE_PATIENCE = 4
PLACEHOLDER = re.compile(r"\{(title|link|summary)\}")
EXTRA_BLANK_LINES = re.compile(r"\n{3,}")
# Matched by identity: a lazy translation hashes as its text in the active language.
FEED_ERROR_CODES = [
    (NO_FEED, "no_feed"),
    (MALFORMED, "malformed"),
    (TOO_LARGE, "too_large"),
    (REFUSED, "refused"),
]


@dataclass(frozen=True)
class Entry:
    entry_id: str
    link: str
    title: str
    summary: str
    date: datetime | None


class ReadFailed(Exception):
    def __init__(self, code: str, values: dict[str, Any] | None = None) -> None:
        super().__init__(code)
        self.code = code
        self.values = values or {}


def plain(text: str) -> str:
    return " ".join(text.split())


def shorten(text: str, length: int) -> str:
    """``text`` cut to at most ``length`` characters at a word, with "…" when cut."""
    if len(text) <= length:
        return text
    if length <= 1:
        return ""
    cut = text[: length - 1]
    if " " in cut:
        cut = cut.rsplit(" ", 1)[0]
    return cut.rstrip(" ,;:.-\u2013\u2014") + "…"


def entries_of(parsed: Any) -> list[Entry]:
    """The feed's entries, oldest first, each once; links that are not web links dropped."""
    found: dict[str, Entry] = {}
    for raw in parsed.entries:
        entry_id = feed.entry_id(raw)
        if entry_id in found:
            continue
        title, body = feed.entry_text(raw)
        link = str(raw.get("link", "") or "").strip()
        if not link.lower().startswith(("http://", "https://")) or len(link) > 500:
            link = ""
        found[entry_id] = Entry(
            entry_id=entry_id,
            link=link,
            title=plain(title)[:255],
            summary=shorten(plain(body), SUMMARY_MAX),
            date=feed.entry_date(raw),
        )
    ordered = list(found.values())
    ordered.reverse()  # feeds list the newest first; undated entries keep that order
    return sorted(ordered, key=lambda e: e.date or datetime.min.replace(tzinfo=UTC))


def render(template: str, entry: Entry, summary: str) -> str:
    values = {"title": entry.title, "link": entry.link, "summary": summary}
    text = PLACEHOLDER.sub(lambda match: values[match.group(1)], template)
    lines = "\n".join(line.rstrip() for line in text.strip().split("\n"))
    return EXTRA_BLANK_LINES.sub("\n\n", lines)


def fitted(account: ConnectedAccount, template: str, entry: Entry) -> str | None:
    """The text for ``account`` with as much of the summary as its network accepts."""
    full = render(template, entry, entry.summary)
    if not composer.problems_for(account, full):
        return full
    best, low, high = None, 0, len(entry.summary) - 1
    while low <= high:
        middle = (low + high) // 2
        candidate = render(template, entry, shorten(entry.summary, middle))
        if composer.problems_for(account, candidate):
            high = middle - 1
        else:
            best, low = candidate, middle + 1
    return best


@dataclass(frozen=True)
class Fetched:
    parsed: Any
    etag: str
    modified: str


def fetch(rule: FeedRule) -> Fetched | None:
    """The parsed feed and its validators, or None when unchanged since the last full read."""
    cursor = feed.FeedCursor(etag=rule.etag or None, modified=rule.modified or None)
    headers = cursor.request_headers() if rule.primed else {}
    try:
        document = feed.fetch(
            rule.url,
            headers=headers,
            max_bytes=FeedConnector.MAX_BYTES,
            timeout=FeedConnector.TIMEOUT,
        )
        if document.status == 304:
            return None
        parsed = feed.parse(document)
    except PrivateAddressError as error:
        raise ReadFailed(results.PRIVATE) from error
    except FeedError as error:
        code = next(
            (code for message, code in FEED_ERROR_CODES if message is error.message),
            results.UNREACHABLE,
        )
        raise ReadFailed(code, {"status": error.status, **error.values}) from error
    except NetworkError as error:
        raise ReadFailed(results.UNREACHABLE) from error
    if parsed is None:
        raise ReadFailed("no_feed")
    etag = document.headers.get("etag") or ""
    modified = document.headers.get("last-modified") or ""
    return Fetched(parsed, etag[:255], modified[:255])


def next_round_hour(now: datetime | None = None) -> datetime:
    now = now or timezone.now()
    return now.replace(minute=0, second=0, microsecond=0) + timedelta(hours=1)


def queued(main: str, texts: dict[ConnectedAccount, str], rule: FeedRule) -> composer.Composition:
    """Into each account's queue when every account has a free slot, else the next round
    hour (an account without slots must not block the feed)."""
    tz = rule.workspace.tzinfo
    if all(queue.next_free_slot(account, tz) is not None for account in texts):
        return composer.Composition(main, texts, composer.QUEUE)
    return composer.Composition(main, texts, composer.SCHEDULE, next_round_hour())


def usable_accounts(rule: FeedRule) -> list[ConnectedAccount]:
    chosen = rule.accounts.values_list("pk", flat=True)
    return list(composer.publishable_accounts(rule.workspace).filter(pk__in=chosen))


def create_post(rule: FeedRule, entry: Entry, accounts: list[ConnectedAccount]) -> str:
    """ "created", "known" (another read got there first) or "too_long"."""
    texts = {}
    for account in accounts:
        text = fitted(account, rule.template, entry)
        if text is None:
            remember(rule, [entry])
            return "too_long"
        texts[account] = text
    main = render(rule.template, entry, entry.summary)
    if rule.mode == FeedMode.QUEUE:
        composition = queued(main, texts, rule)
    else:
        composition = composer.Composition(main, texts, composer.DRAFT)
    try:
        with transaction.atomic():
            seen = FeedEntry.objects.create(
                workspace=rule.workspace,
                rule=rule,
                entry_id=entry.entry_id,
                link=entry.link,
                title=entry.title,
            )
            post: Post = saving.save(composition, rule.workspace, rule.created_by)
            seen.post = post
            seen.save(update_fields=["post"])
    except IntegrityError:
        return "known"
    return "created"


def remember(rule: FeedRule, entries: list[Entry]) -> None:
    FeedEntry.objects.bulk_create(
        [
            FeedEntry(
                workspace=rule.workspace,
                rule=rule,
                entry_id=entry.entry_id,
                link=entry.link,
                title=entry.title,
            )
            for entry in entries
        ],
        ignore_conflicts=True,
    )


def unseen(rule: FeedRule, entries: list[Entry]) -> list[Entry]:
    known = FeedEntry.objects.filter(rule=rule).values_list("entry_id", "link")
    ids = {entry_id for entry_id, _link in known}
    links = {link for _entry_id, link in known if link}
    return [e for e in entries if e.entry_id not in ids and (not e.link or e.link not in links)]


def read(rule: FeedRule) -> None:
    """Read one rule's feed now and record the outcome on the rule."""
    state: dict[str, Any] = {}
    try:
        code, values = process(rule, state)
    except ReadFailed as failure:
        code, values = failure.code, failure.values
    except Exception:
        logger.exception("Feed rule %s could not be read", rule.pk)
        code, values = results.UNREACHABLE, {}
    failures = rule.failures + 1 if results.is_failure(code) else 0
    FeedRule.objects.filter(pk=rule.pk).update(
        checked_at=timezone.now(), result=code, result_values=values, failures=failures, **state
    )
    rule.refresh_from_db()
    if failures == (UNREACHABLE_PATIENCE if code == results.UNREACHABLE else 1):
        tell_about_failure(rule)


def tell_about_failure(rule: FeedRule) -> None:
    """Tell whoever set the feed up (or the managers, if they left) once, when it breaks."""
    members = Membership.objects.for_workspace(rule.workspace).select_related("user")
    recipients = list(members.filter(user=rule.created_by)) if rule.created_by else []
    if not recipients:
        recipients = list(members.filter(role__in=[Role.OWNER, Role.MANAGER]))
    notify(
        rule.workspace,
        recipients,
        _("The feed %(feed)s can no longer be turned into posts"),
        url=reverse("bulk:index", args=[rule.workspace.slug]),
        body=results.FEED_MESSAGES[rule.result],
        params={"feed": str(rule), **rule.values()},
    )


def process(rule: FeedRule, state: dict[str, Any]) -> tuple[str, dict[str, Any]]:
    fetched = fetch(rule)
    if fetched is None:
        return results.UNCHANGED, {}
    entries = entries_of(fetched.parsed)
    validators = {"etag": fetched.etag, "modified": fetched.modified}
    if not rule.title:
        state["title"] = feed.feed_title(fetched.parsed, rule.url)
    if not rule.primed:
        remember(rule, entries)
        state.update(primed=True, **validators)
        return results.PRIMED, {"seen": len(entries)}
    new = unseen(rule, entries)
    if not new:
        state.update(validators)
        return results.OK, {"created": 0}
    accounts = usable_accounts(rule)
    if not accounts:
        raise ReadFailed(results.NO_ACCOUNTS)
    created, too_long = 0, []
    for entry in new[:MAX_POSTS_PER_READ]:
        outcome = create_post(rule, entry, accounts)
        created += outcome == "created"
        if outcome == "too_long":
            too_long.append(entry.title or entry.link or entry.entry_id)
    waiting = max(0, len(new) - MAX_POSTS_PER_READ)
    # Only once everything is handled may the next read be answered "not modified".
    state.update(validators if not waiting else {"etag": "", "modified": ""})
    return results.OK, {"created": created, "waiting": waiting, "too_long": too_long}


def read_all() -> int:
    """Read every active rule of every workspace; returns how many were read."""
    count = 0
    for rule in FeedRule.objects.filter(active=True).select_related("workspace", "created_by"):
        read(rule)
        count += 1
    return count
