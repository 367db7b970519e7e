"""Simulated customers: each step, they react to the business on the practice network.

``step(account, rng, now)`` writes on the sandbox's side only (its feed, reactions,
messages and reviews); the rest of Comptoir then discovers the activity through the connector, as it
would discover activity on a real network. Everything random comes from ``rng`` and every
query is ordered, so a seed and a starting state always give the same story.

Customers are quieter at night (in the business's time zone), like real ones.
"""

from __future__ import annotations

import random
import zoneinfo
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from django.db import models, transaction

from comptoir.networks.models import ConnectedAccount
from comptoir.networks.models_sandbox import (
    SandboxMessage,
    SandboxPost,
    SandboxReaction,
    SandboxReview,
)
from comptoir.networks.sandbox.scenario import (
    CUSTOMERS,
    DAYS,
    HOURS,
    PEOPLE,
    Customer,
    Scenario,
    scenario_for,
    town_of,
)

RECENT_POSTS = timedelta(days=7)
RECENT_ANSWERS = timedelta(days=2)
MAX_COMMENTS_PER_POST = 6
# How often each star rating is given: mostly happy customers, a few very unhappy ones,
# as on review sites.
RATING_WEIGHTS = {5: 40, 4: 25, 3: 12, 2: 10, 1: 13}
# New activity is spread over the minutes before ``now``, in creation order.
SPREAD_SECONDS = 540


@dataclass
class StepReport:
    likes: int = 0
    reposts: int = 0
    comments: int = 0
    replies: int = 0
    mentions: int = 0
    posts: int = 0
    messages: int = 0
    reviews: int = 0
    created: list[models.Model] = field(default_factory=list, repr=False)

    @property
    def total(self) -> int:
        return len(self.created)


class _Story:
    """One step's writing context: who the business is and what customers may say."""

    def __init__(self, account: ConnectedAccount, rng: random.Random, now: datetime) -> None:
        workspace = account.workspace
        self.account = account
        self.rng = rng
        self.now = now
        self.me = account.remote_id
        self.scenario: Scenario = scenario_for(workspace.sector)
        self.town = town_of(workspace.address)
        try:
            local = now.astimezone(zoneinfo.ZoneInfo(workspace.timezone))
        except (zoneinfo.ZoneInfoNotFoundError, ValueError):
            local = now
        # Fewer customers awake between midnight and 7 in the morning.
        self.mood = 0.15 if local.hour < 7 else 1.0
        self.report = StepReport()

    def chance(self, probability: float) -> bool:
        return self.rng.random() < probability * self.mood

    def customer(self, excluding: set[str] | None = None) -> Customer | None:
        pool = [c for c in CUSTOMERS if c.handle not in (excluding or set())]
        return self.rng.choice(pool) if pool else None

    def say(self, templates: tuple[str, ...]) -> str:
        values: dict[str, Any] = {
            "mention": f"@{self.me}",
            "business": self.account.display_name or self.account.handle,
            "town": self.town,
            "day": self.rng.choice(DAYS),
            "hour": self.rng.choice(HOURS),
            "people": self.rng.choice(PEOPLE),
            "product": self.rng.choice(self.scenario.products),
        }
        return self.rng.choice(templates).format(**values)

    def post(self, who: Customer, text: str, parent: SandboxPost | None = None) -> None:
        self.report.created.append(
            SandboxPost(
                workspace_id=self.account.workspace_id,
                author_handle=who.handle,
                author_name=who.name,
                text=text,
                in_reply_to=parent.remote_id if parent else "",
                root_id=(parent.root_id or parent.remote_id) if parent else "",
            )
        )

    def react(self, who: Customer, post: SandboxPost, kind: str) -> None:
        self.report.created.append(
            SandboxReaction(
                workspace_id=self.account.workspace_id,
                post=post,
                author_handle=who.handle,
                kind=kind,
            )
        )

    def message(self, who: Customer, thread_id: str, text: str) -> None:
        self.report.created.append(
            SandboxMessage(
                workspace_id=self.account.workspace_id,
                account_handle=self.me,
                thread_id=thread_id,
                sender_handle=who.handle,
                sender_name=who.name,
                text=text,
            )
        )

    def review(self, who: Customer, rating: int, text: str) -> None:
        self.report.created.append(
            SandboxReview(
                workspace_id=self.account.workspace_id,
                account_handle=self.me,
                author_handle=who.handle,
                author_name=who.name,
                rating=rating,
                text=text,
            )
        )


def step(account: ConnectedAccount, rng: random.Random, now: datetime) -> StepReport:
    """Run one round of customer activity for a sandbox account; return what happened."""
    story = _Story(account, rng, now)
    posts = SandboxPost.objects.filter(workspace_id=account.workspace_id)
    _react_to_recent_posts(story, posts)
    _answer_back(story, posts)
    _talk_about_the_business(story)
    _write_direct_messages(story)
    if story.chance(0.3):
        who = story.customer()
        if who:
            story.post(who, story.say(story.scenario.public))
            story.report.posts += 1
    _leave_reviews(story)
    _save(story)
    _call_webhook(story)
    return story.report


def _react_to_recent_posts(story: _Story, posts: models.QuerySet[SandboxPost]) -> None:
    recent = posts.filter(
        author_handle=story.me,
        in_reply_to="",
        created_at__gte=story.now - RECENT_POSTS,
        created_at__lte=story.now,
    ).order_by("-created_at", "-id")[:10]
    for post in recent:
        liked = set(post.reactions.filter(kind="like").values_list("author_handle", flat=True))
        for _ in range(story.rng.randint(0, 3)):
            who = story.customer(excluding=liked)
            if who and story.chance(0.8):
                liked.add(who.handle)
                story.react(who, post, "like")
                story.report.likes += 1
        if story.chance(0.15):
            reposted = set(
                post.reactions.filter(kind="repost").values_list("author_handle", flat=True)
            )
            who = story.customer(excluding=reposted)
            if who:
                story.react(who, post, "repost")
                story.report.reposts += 1
        comments = posts.filter(in_reply_to=post.remote_id).exclude(author_handle=story.me)
        if comments.count() < MAX_COMMENTS_PER_POST and story.chance(0.35):
            who = story.customer()
            if who:
                kind = story.rng.choice(("praise", "praise", "question"))
                templates = (
                    story.scenario.comment_praise
                    if kind == "praise"
                    else story.scenario.comment_question
                )
                story.post(who, story.say(templates), parent=post)
                story.report.comments += 1


def _answer_back(story: _Story, posts: models.QuerySet[SandboxPost]) -> None:
    """Customers the business answered may thank it (a reply in the conversation)."""
    answers = (
        posts.filter(
            author_handle=story.me,
            created_at__gte=story.now - RECENT_ANSWERS,
            created_at__lte=story.now,
        )
        .exclude(in_reply_to="")
        .order_by("id")
    )
    by_handle = {c.handle: c for c in CUSTOMERS}
    for answer in answers:
        parent = posts.filter(remote_id=answer.in_reply_to).first()
        who = by_handle.get(parent.author_handle) if parent else None
        if who is None or posts.filter(in_reply_to=answer.remote_id).exists():
            continue
        if story.chance(0.5):
            story.post(who, story.say(story.scenario.thanks), parent=answer)
            story.report.replies += 1


def _talk_about_the_business(story: _Story) -> None:
    if not story.chance(0.5):
        return
    who = story.customer()
    if who is None:
        return
    scenario = story.scenario
    templates = story.rng.choices(
        (scenario.questions, scenario.praise, scenario.complaints), weights=(4, 3, 3)
    )[0]
    story.post(who, story.say(templates))
    story.report.mentions += 1


def _write_direct_messages(story: _Story) -> None:
    threads = SandboxMessage.objects.filter(
        workspace_id=story.account.workspace_id, account_handle=story.me
    )
    # A customer whose message the business answered may write back.
    last_ids = threads.values("thread_id").annotate(last=models.Max("id")).order_by("thread_id")
    by_handle = {c.handle: c for c in CUSTOMERS}
    for row in last_ids:
        last = threads.get(id=row["last"])
        if last.sender_handle != story.me or last.created_at < story.now - RECENT_ANSWERS:
            continue
        customer_handle = last.thread_id.removeprefix("dm-")
        who = by_handle.get(customer_handle)
        if who and story.chance(0.5):
            story.message(who, last.thread_id, story.say(story.scenario.direct_followups))
            story.report.messages += 1
    if story.chance(0.4):
        who = story.customer()
        if who:
            story.message(who, f"dm-{who.handle}", story.say(story.scenario.direct_openers))
            story.report.messages += 1


def _leave_reviews(story: _Story) -> None:
    """Now and then a customer who has not reviewed the business yet leaves a review."""
    if not story.chance(0.2):
        return
    reviewed = set(
        SandboxReview.objects.filter(
            workspace_id=story.account.workspace_id, account_handle=story.me
        ).values_list("author_handle", flat=True)
    )
    who = story.customer(excluding=reviewed)
    if who is None:
        return
    ratings = sorted(RATING_WEIGHTS)
    rating = story.rng.choices(ratings, weights=[RATING_WEIGHTS[r] for r in ratings])[0]
    story.review(who, rating, story.say(story.scenario.reviews[rating]))
    story.report.reviews += 1


def _call_webhook(story: _Story) -> None:
    """Once saved, tell Comptoir through the account's webhook, as a real network would."""
    from comptoir.networks.sandbox.tasks import call_sandbox_webhook
    from comptoir.networks.sandbox.webhooks import events_of
    from comptoir.webhooks.models import AccountHook

    events = events_of(story.account, story.report.created)
    if events and AccountHook.objects.filter(account_id=story.account.pk).exists():
        account_id = story.account.pk
        transaction.on_commit(lambda: call_sandbox_webhook.enqueue(account_id, events))


@transaction.atomic
def _save(story: _Story) -> None:
    """Save in creation order with increasing times, so ids and times tell the same story."""
    created = story.report.created
    offsets = sorted((story.rng.randint(0, SPREAD_SECONDS) for _ in created), reverse=True)
    for row, offset in zip(created, offsets, strict=True):
        row.created_at = story.now - timedelta(seconds=offset)  # type: ignore[attr-defined]
        row.save()
