"""Compose once, adapt per account: what may be chosen, how texts are checked, and saving.

The views stay thin: they ask this module which accounts a workspace can publish to,
how each text measures against its network's declared limits, and to turn a validated
composition into a ``Post`` and one ``PostTarget`` per account. The running workers'
engine then publishes every due target; nothing here talks to a network.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from django.core.exceptions import ValidationError
from django.db import connection, transaction
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from comptoir.accounts.models import User
from comptoir.core.networks import network_label
from comptoir.networks.limits import count_text, text_problems
from comptoir.networks.models import AccountStatus, ConnectedAccount
from comptoir.networks.registry import LISTED, NetworkSpec, get_network
from comptoir.publishing import labels, queue
from comptoir.publishing.models import Post, PostStatus, PostTarget, Series, TargetStatus
from comptoir.publishing.recurrence import Rule
from comptoir.publishing.utm import outgoing_text
from comptoir.workspaces.models import Workspace

NOW, SCHEDULE, DRAFT, QUEUE = "now", "schedule", "draft", "queue"
ACTIONS = (NOW, SCHEDULE, DRAFT, QUEUE)


def publisher_networks() -> list[str]:
    """Slugs of the networks people see and that can publish (not RSS, not internal ones)."""
    return [spec.slug for spec in LISTED if "publisher" in spec.capabilities]


def publishable_accounts(workspace: Workspace) -> QuerySet[ConnectedAccount]:
    """The workspace's own connected accounts a post can go to right now."""
    accounts: QuerySet[ConnectedAccount] = ConnectedAccount.objects.for_workspace(workspace)
    accounts = accounts.filter(status=AccountStatus.ACTIVE, network__in=publisher_networks())
    return accounts.select_related("workspace")  # its link settings tag every text


def account_label(account: ConnectedAccount) -> str:
    return f"{account.display_name or account.handle} ({network_label(account.network)})"


@dataclass(frozen=True)
class Counter:
    """How one account's text measures against its network's limit, for the live counter."""

    account: ConnectedAccount
    length: int
    limit: int
    problems: tuple[str, ...]

    @property
    def over(self) -> bool:
        return bool(self.problems)

    @property
    def label(self) -> str:
        """The account with its network: two accounts often share the business's name."""
        return account_label(self.account)


def measure(account: ConnectedAccount, text: str) -> Counter:
    spec: NetworkSpec = get_network(account.network)
    limits = spec.limits
    text = outgoing_text(account, text)
    length = count_text(text, limits.counting, limits.url_length)
    return Counter(account, length, limits.max_text, tuple(limit_problems(account, text)))


def problems_for(account: ConnectedAccount, text: str) -> list[str]:
    """Why ``text`` cannot go to ``account``, in plain words naming the account and limit."""
    if not text.strip():
        return [_("The text for %(account)s is empty.") % {"account": account_label(account)}]
    return limit_problems(account, text)


def limit_problems(account: ConnectedAccount, text: str) -> list[str]:
    """The network's declared limits ``text`` exceeds (what the live counters show)."""
    spec = get_network(account.network)
    name = account_label(account)
    messages = []
    for what, value, limit in text_problems(outgoing_text(account, text), spec.limits):
        values = {"account": name, "value": value, "limit": limit, "network": spec.label}
        if what == "bytes":
            message = _(
                "The text for %(account)s takes %(value)s bytes; "
                "%(network)s accepts at most %(limit)s."
            )
        else:
            message = _(
                "The text for %(account)s is %(value)s characters long; "
                "%(network)s accepts at most %(limit)s."
            )
        messages.append(message % values)
    return messages


def local_to_utc(local: datetime, tz: ZoneInfo) -> datetime:
    """A wall-clock time in the workspace's time zone, as an aware UTC datetime.

    A time skipped when clocks go forward (02:30 on the last Sunday of March in Paris)
    does not exist: it is refused rather than silently moved. A time that happens twice
    when clocks go back is taken at its first occurrence (summer time), as a calendar does.
    """
    aware = local.replace(tzinfo=tz, fold=0)
    back = aware.astimezone(UTC).astimezone(tz)
    if back.replace(tzinfo=None) != local.replace(tzinfo=None):
        raise ValidationError(
            _(
                "%(time)s does not exist on %(date)s in the %(zone)s time zone: the clocks "
                "move forward at that moment. Please choose another time."
            )
            % {
                "time": labels.local_time(local),
                "date": labels.local_date(local),
                "zone": tz.key,
            },
            code="nonexistent",
        )
    return aware.astimezone(UTC)


def future_time(local: datetime, tz: ZoneInfo, now: datetime | None = None) -> datetime:
    """``local_to_utc``, refusing a time that has already passed."""
    when = local_to_utc(local, tz)
    if when <= (now or timezone.now()):
        raise ValidationError(
            _("This time has already passed in the %(zone)s time zone.") % {"zone": tz.key},
            code="past",
        )
    return when


@dataclass(frozen=True)
class Composition:
    """A validated composition: the main text, each chosen account's text, and when."""

    text: str
    texts: dict[ConnectedAccount, str]
    action: str
    when: datetime | None = None
    # A recurring post: its rule, and the instants of the occurrences after the first.
    repeat: Rule | None = None
    later: tuple[datetime, ...] = ()
    # Held for a colleague's approval instead of being scheduled.
    needs_approval: bool = False


def save(
    composition: Composition,
    workspace: Workspace,
    author: User | None,
    post: Post | None = None,
) -> Post:
    """Create (or rewrite a draft as) a post and its targets, all in one transaction.

    Drafts have no targets, so the engine never sees them; they remember the main text
    and the networks. Scheduling or publishing now creates one target per account with a
    fresh idempotency key, due at the chosen time (now for "publish now").
    """
    now = timezone.now()
    networks = sorted({account.network for account in composition.texts})
    with transaction.atomic():
        if post is None:
            post = Post(workspace=workspace, author=author)
        else:
            # Re-read under lock: two tabs scheduling the same draft must not both succeed.
            drafts = Post.objects.select_for_update().filter(pk=post.pk, status=PostStatus.DRAFT)
            if not drafts.exists():
                raise ValidationError(_("Only a draft can be edited."), code="not_draft")
        post.text = composition.text
        post.networks = networks
        if composition.action == DRAFT:
            post.status = PostStatus.DRAFT
            post.scheduled_at = None
            post.draft_texts = {
                str(account.pk): text for account, text in composition.texts.items()
            }
            post.save()
            return post
        post.draft_texts = {}
        if composition.action == QUEUE:
            dues = queue_dues(workspace, list(composition.texts), now)
        else:
            due = now if composition.action == NOW else composition.when
            if due is None:
                raise ValueError("scheduling needs a time")  # the form requires one
            dues = dict.fromkeys(composition.texts, due)
        status = PostStatus.PENDING if composition.needs_approval else PostStatus.SCHEDULED
        post.status = status
        post.scheduled_at = min(dues.values())
        post.review_comment = ""
        if composition.repeat is not None:
            rule = composition.repeat
            post.series = Series.objects.create(
                workspace=workspace,
                frequency=rule.frequency,
                interval=rule.interval,
                until=rule.until,
                count=rule.count,
            )
            post.occurrence = 1
        else:
            post.series, post.occurrence = None, None
        post.save()
        create_targets(post, composition.texts, dues)
        for number, when in enumerate(composition.later, start=2):
            occurrence = Post.objects.create(
                workspace=workspace,
                author=author,
                text=post.text,
                networks=networks,
                status=status,
                scheduled_at=when,
                series=post.series,
                occurrence=number,
            )
            create_targets(occurrence, composition.texts, dict.fromkeys(composition.texts, when))
    return post


def saved_together(post: Post) -> list[Post]:
    """The post and, for a repeating one, the other occurrences ``save`` created with it.

    Only drafts are edited, and saving one creates its series anew: every post of the
    series was created by that same save.
    """
    if post.series_id is None:
        return [post]
    return list(Post.objects.filter(series_id=post.series_id).order_by("occurrence"))


def create_targets(
    post: Post, texts: dict[ConnectedAccount, str], dues: dict[ConnectedAccount, datetime]
) -> None:
    """One target per account, each with a fresh idempotency key; held while pending."""
    held = post.status == PostStatus.PENDING
    PostTarget.objects.bulk_create(
        PostTarget(
            workspace=post.workspace,
            post=post,
            account=account,
            text=outgoing_text(account, text),
            due_at=dues[account],
            status=TargetStatus.HELD if held else TargetStatus.SCHEDULED,
            idempotency_key=uuid.uuid4().hex,
        )
        for account, text in texts.items()
    )


def queue_dues(
    workspace: Workspace, accounts: list[ConnectedAccount], now: datetime
) -> dict[ConnectedAccount, datetime]:
    """The next free queue slot of each account, with the accounts locked.

    Locking the accounts' rows (PostgreSQL; SQLite transactions hold the write lock from
    their start) makes two people queueing at once take two different slots.
    """
    if connection.features.has_select_for_update:
        list(ConnectedAccount.objects.select_for_update().filter(pk__in=[a.pk for a in accounts]))
    dues = {}
    for account in accounts:
        when = queue.next_free_slot(account, workspace.tzinfo, now)
        if when is None:
            raise ValidationError(
                _(
                    "%(account)s has no free slot in its queue in the coming weeks. "
                    "Add time slots in Publish > Queue, or choose a date."
                )
                % {"account": account_label(account)},
                code="queue_full",
            )
        dues[account] = when
    return dues


# Posts still waiting for their time (or for approval), and the targets no worker has taken.
WAITING = (PostStatus.SCHEDULED, PostStatus.PENDING)
MOVABLE = (TargetStatus.SCHEDULED, TargetStatus.HELD)


def cancellable(post: Post) -> bool:
    """Whether ``cancel`` would succeed now (to offer the button; ``cancel`` decides)."""
    statuses = {target.status for target in post.targets.all()}
    return post.status in WAITING and statuses <= set(MOVABLE)


def cancel(post: Post) -> bool:
    """Take a scheduled post back to draft, if no worker has taken any of its targets yet.

    The targets are locked (PostgreSQL; SQLite transactions hold the write lock from their
    start) and removed only while still *scheduled*; if a worker has already queued one,
    nothing changes and False says the post is on its way.
    """
    with transaction.atomic():
        scheduled = Post.objects.filter(pk=post.pk, status__in=WAITING)
        targets = PostTarget.objects.filter(post=post)
        if connection.features.has_select_for_update:
            scheduled = scheduled.select_for_update()
            targets = targets.select_for_update()
        if not scheduled.exists():
            return False
        statuses = set(targets.values_list("status", flat=True))
        if statuses - set(MOVABLE):
            return False
        kept = dict(targets.values_list("account_id", "text"))
        PostTarget.objects.filter(post=post, status__in=MOVABLE).delete()
        Post.objects.filter(pk=post.pk, status__in=WAITING).update(
            status=PostStatus.DRAFT,
            scheduled_at=None,
            draft_texts={str(account_id): text for account_id, text in kept.items()},
        )
    post.refresh_from_db()
    return True


def in_progress(post: Post, soon: timedelta = timedelta(minutes=1)) -> bool:
    """Whether a target is being published or about to be: the detail page then refreshes."""
    horizon = timezone.now() + soon
    return any(
        target.status in (TargetStatus.QUEUED, TargetStatus.PUBLISHING)
        or (target.status == TargetStatus.SCHEDULED and target.due_at <= horizon)
        for target in post.targets.all()
    )


def initial_for(post: Post, accounts: QuerySet[ConnectedAccount]) -> dict[str, Any]:
    """The form's starting values to edit a draft: its text, accounts and adapted texts.

    Drafts saved before accounts were remembered fall back to every account of their networks.
    """
    if not post.draft_texts:
        chosen = [account.pk for account in accounts if account.network in post.networks]
        return {"text": post.text, "accounts": chosen}
    initial: dict[str, Any] = {"text": post.text, "accounts": []}
    for account in accounts:
        text = post.draft_texts.get(str(account.pk))
        if text is not None:
            initial["accounts"].append(account.pk)
            initial[f"variant_{account.pk}"] = text
    return initial | repeat_initial(post)


def repeat_initial(post: Post) -> dict[str, Any]:
    """A recurring post sent back for changes offers its repetition again.

    Only when the draft is the series' last post: an occurrence taken back alone must not
    bring the whole series back with it.
    """
    series = post.series
    if series is None or series.posts.exclude(pk=post.pk).exists():
        return {}
    return {
        "repeat": series.frequency,
        "repeat_interval": series.interval,
        "repeat_until": series.until,
        "repeat_count": series.count,
    }
