"""The sandbox connector: the practice network seen exactly as a real one.

The composer, the inbox, listening and the results pages reach the sandbox only through
this class, with the same capability methods as Mastodon or Bluesky, so whatever a team
practises here works the same way on a real network. The sandbox tables are the
network's own storage: writing a post there is what publishing *is* on this network.
The connector still never touches the account row; callers store cursors and health.
"""

from __future__ import annotations

import re
from datetime import datetime
from typing import Any, ClassVar

from django.db.models import Count, Q, QuerySet
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.utils.text import slugify

from comptoir.networks.base import (
    AccountInfo,
    Author,
    Batch,
    IncomingItem,
    OutgoingPost,
    PostMetrics,
    PublishedPost,
)
from comptoir.networks.errors import ErrorKind, NetworkError
from comptoir.networks.limits import text_problems
from comptoir.networks.models import AccountStatus, ConnectedAccount
from comptoir.networks.models_sandbox import (
    SandboxMessage,
    SandboxPost,
    SandboxReaction,
    SandboxReview,
)
from comptoir.networks.rss.text import matches, terms
from comptoir.networks.sandbox.forms import SandboxConnectForm


def parse_cursor(cursor: str | None) -> int:
    """Cursors are the last row id seen; anything else starts from the beginning."""
    try:
        return max(int(cursor or 0), 0)
    except ValueError:
        return 0


def mentions(handle: str, text: str) -> bool:
    """The text names ``@handle`` as a whole word (not ``@handle-bis``, not an e-mail)."""
    pattern = rf"(?<![\w@])@{re.escape(handle)}(?![\w-])"
    return re.search(pattern, text, re.IGNORECASE) is not None


class SandboxConnector:
    connect_form = SandboxConnectForm
    # The sandbox calls the account's webhook when customers write (sandbox/webhooks.py).
    webhooks: ClassVar[bool] = True
    PAGE: ClassVar[int] = 100
    # How many rows a search looks through per call, matching or not.
    SEARCH_WINDOW: ClassVar[int] = 500

    def __init__(self, account: ConnectedAccount) -> None:
        self.account = account
        self.me = account.remote_id
        self.name = account.display_name or account.handle

    @classmethod
    def connect(cls, data: dict[str, Any]) -> AccountInfo:
        name = str(data["display_name"]).strip()
        handle = slugify(name)[:60] or "commerce"
        return AccountInfo(remote_id=handle, handle=handle, display_name=name)

    # --- Helpers -----------------------------------------------------------------------

    def _posts(self) -> QuerySet[SandboxPost]:
        return SandboxPost.objects.filter(workspace_id=self.account.workspace_id)

    def _check_connected(self) -> None:
        # A disconnected account lost its access, as it would on a real network.
        if self.account.status == AccountStatus.DISCONNECTED:
            raise NetworkError(ErrorKind.AUTH_EXPIRED, "sandbox account is disconnected")

    def _check_text(self, text: str, media: int = 0) -> None:
        from comptoir.networks.registry import get_network

        limits = get_network("sandbox").limits
        if not text.strip() and not media:
            raise NetworkError(ErrorKind.VALIDATION, "empty post")
        problems = text_problems(text, limits)
        if problems:
            raise NetworkError(ErrorKind.VALIDATION, f"text too long: {problems}")
        if media > limits.max_media:
            raise NetworkError(ErrorKind.VALIDATION, f"{media} media, at most {limits.max_media}")

    def _published(self, post: SandboxPost) -> PublishedPost:
        return PublishedPost(
            remote_id=post.remote_id, url=self._url(post.remote_id), published_at=post.created_at
        )

    def _url(self, remote_id: str) -> str:
        """Where the post shows on the sandbox's own page (empty while that page is not
        part of the site's addresses)."""
        if self.account.pk is None:
            return ""
        try:
            page = reverse("sandbox:feed", args=[self.account.workspace.slug, self.account.pk])
        except NoReverseMatch:
            return ""
        return f"{page}#post-{remote_id}"

    def _mentions_me(self, text: str) -> bool:
        return mentions(self.me, text)

    # --- Publisher ---------------------------------------------------------------------

    def publish(self, post: OutgoingPost) -> PublishedPost:
        self._check_connected()
        self._check_text(post.text, len(post.media))
        if post.idempotency_key:
            earlier = self._posts().filter(
                author_handle=self.me, idempotency_key=post.idempotency_key
            )
            if found := earlier.first():
                return self._published(found)
        root = ""
        if post.in_reply_to:
            parent = self._posts().filter(remote_id=post.in_reply_to).first()
            if parent is None:
                raise NetworkError(ErrorKind.VALIDATION, f"no post {post.in_reply_to}")
            root = parent.root_id or parent.remote_id
        created = SandboxPost.objects.create(
            workspace_id=self.account.workspace_id,
            author_handle=self.me,
            author_name=self.name,
            text=post.text,
            in_reply_to=post.in_reply_to or "",
            root_id=root,
            media_count=len(post.media),
            idempotency_key=post.idempotency_key or "",
        )
        return self._published(created)

    def delete(self, remote_id: str) -> None:
        self._check_connected()
        post = self._posts().filter(remote_id=remote_id).first()
        if post is None:
            return  # already gone: the wanted outcome
        if post.author_handle != self.me:
            raise NetworkError(ErrorKind.VALIDATION, f"post {remote_id} is not ours")
        post.delete()

    def find_published(self, post: OutgoingPost, since: datetime) -> PublishedPost | None:
        mine = self._posts().filter(author_handle=self.me, created_at__gte=since)
        if post.idempotency_key:
            found = mine.filter(idempotency_key=post.idempotency_key).first()
        else:
            found = mine.filter(text=post.text, in_reply_to=post.in_reply_to or "").last()
        return self._published(found) if found else None

    # --- Engagement --------------------------------------------------------------------

    def fetch_since(self, cursor: str | None) -> Batch:
        """Comments on our posts, replies in our conversations, and mentions, oldest first."""
        self._check_connected()
        after = parse_cursor(cursor)
        mine = self._posts().filter(author_handle=self.me).values("remote_id")
        candidates = list(
            self._posts()
            .filter(id__gt=after)
            .exclude(author_handle=self.me)
            .filter(Q(in_reply_to__in=mine) | Q(text__icontains=f"@{self.me}"))
            .order_by("id")[: self.PAGE]
        )
        if not candidates:
            return Batch(items=[], cursor=cursor)
        parents = {
            p.remote_id: p
            for p in self._posts().filter(remote_id__in={c.in_reply_to for c in candidates})
        }
        items = []
        for post in candidates:
            parent = parents.get(post.in_reply_to)
            if parent is not None and parent.author_handle == self.me:
                kind = "reply" if parent.in_reply_to else "comment"
            elif self._mentions_me(post.text):
                kind = "mention"
            else:
                continue
            items.append(self._item(post, kind))
        return Batch(items=items, cursor=str(candidates[-1].id))

    def _item(self, post: SandboxPost, kind: str) -> IncomingItem:
        return IncomingItem(
            remote_id=post.remote_id,
            kind=kind,
            author=Author(post.author_handle, post.author_handle, post.author_name),
            text=post.text,
            created_at=post.created_at,
            url=self._url(post.root_id or post.remote_id),
            in_reply_to=post.in_reply_to or None,
            thread_id=post.root_id or post.remote_id,
        )

    def reply(self, remote_id: str, post: OutgoingPost) -> PublishedPost:
        return self.publish(
            OutgoingPost(
                text=post.text,
                media=post.media,
                in_reply_to=remote_id,
                idempotency_key=post.idempotency_key,
                options=post.options,
            )
        )

    # --- Messaging ---------------------------------------------------------------------

    def fetch_messages(self, cursor: str | None) -> Batch:
        """Direct messages customers sent to the account, oldest first."""
        self._check_connected()
        after = parse_cursor(cursor)
        rows = list(
            SandboxMessage.objects.filter(
                workspace_id=self.account.workspace_id, account_handle=self.me, id__gt=after
            )
            .exclude(sender_handle=self.me)
            .order_by("id")[: self.PAGE]
        )
        items = [
            IncomingItem(
                remote_id=m.remote_id,
                kind="direct",
                author=Author(m.sender_handle, m.sender_handle, m.sender_name),
                text=m.text,
                created_at=m.created_at,
                thread_id=m.thread_id,
            )
            for m in rows
        ]
        return Batch(items=items, cursor=str(rows[-1].id) if rows else cursor)

    def send_message(
        self, thread_id: str, text: str, *, idempotency_key: str | None = None
    ) -> PublishedPost:
        # The training network keeps no idempotency keys: like the networks without
        # them, an unknown outcome is reconciled by looking for the message.
        self._check_connected()
        self._check_text(text)
        thread = SandboxMessage.objects.filter(
            workspace_id=self.account.workspace_id, account_handle=self.me, thread_id=thread_id
        )
        if not thread.exists():
            raise NetworkError(ErrorKind.VALIDATION, f"no conversation {thread_id}")
        sent = SandboxMessage.objects.create(
            workspace_id=self.account.workspace_id,
            account_handle=self.me,
            thread_id=thread_id,
            sender_handle=self.me,
            sender_name=self.name,
            text=text,
        )
        return PublishedPost(remote_id=sent.remote_id, url="", published_at=sent.created_at)

    # --- Reviews -----------------------------------------------------------------------

    def _reviews(self) -> QuerySet[SandboxReview]:
        return SandboxReview.objects.filter(
            workspace_id=self.account.workspace_id, account_handle=self.me
        )

    def fetch_reviews(self, cursor: str | None) -> Batch:
        """Reviews customers left about the business, oldest first, with their rating.

        Each review is a conversation of its own; the rating travels in ``raw`` as on
        review sites' APIs, where it is one field of the review.
        """
        self._check_connected()
        rows = list(self._reviews().filter(id__gt=parse_cursor(cursor)).order_by("id")[: self.PAGE])
        items = [
            IncomingItem(
                remote_id=r.remote_id,
                kind="review",
                author=Author(r.author_handle, r.author_handle, r.author_name),
                text=r.text,
                created_at=r.created_at,
                url=self._review_url(r.remote_id),
                thread_id=f"review-{r.remote_id}",
                raw={"rating": r.rating},
            )
            for r in rows
        ]
        return Batch(items=items, cursor=str(rows[-1].id) if rows else cursor)

    def _review_url(self, remote_id: str) -> str:
        page = self._url(remote_id)
        return page.replace("#post-", "#review-") if page else ""

    def reply_to_review(self, remote_id: str, text: str) -> None:
        """Set the business's public answer to a review, replacing an earlier one.

        Like Google's ``updateReply``, the answer is not a post of its own and has no id:
        answering twice leaves one answer, so repeating a call is harmless.
        """
        self._check_connected()
        self._check_text(text)
        answered = (
            self._reviews()
            .filter(remote_id=remote_id)
            .update(answer=text, answered_at=timezone.now())
        )
        if not answered:
            raise NetworkError(ErrorKind.VALIDATION, f"no review {remote_id}")

    # --- Metrics -----------------------------------------------------------------------

    def post_metrics(self, remote_ids: list[str]) -> list[PostMetrics]:
        """Likes, reposts and replies of the given posts; unknown ids are left out."""
        self._check_connected()
        posts = self._posts().filter(remote_id__in=remote_ids)
        likes = Count("reactions", filter=Q(reactions__kind=SandboxReaction.Kind.LIKE))
        reposts = Count("reactions", filter=Q(reactions__kind=SandboxReaction.Kind.REPOST))
        counted = {
            p.remote_id: (p.likes, p.reposts) for p in posts.annotate(likes=likes, reposts=reposts)
        }
        replies = dict(
            self._posts()
            .filter(in_reply_to__in=list(counted))
            .values_list("in_reply_to")
            .annotate(n=Count("id"))
            .values_list("in_reply_to", "n")
        )
        metrics = []
        for remote_id in remote_ids:
            if remote_id in counted:
                likes_count, reposts_count = counted[remote_id]
                metrics.append(
                    PostMetrics(
                        remote_id=remote_id,
                        likes=likes_count,
                        reposts=reposts_count,
                        replies=replies.get(remote_id, 0),
                    )
                )
        return metrics

    # --- Listener ----------------------------------------------------------------------

    def search(self, query: str, cursor: str | None) -> Batch:
        """Public posts by others containing every word of the query (case and accents
        ignored), oldest first; the cursor moves past every post looked at."""
        self._check_connected()
        after = parse_cursor(cursor)
        wanted = terms(query)
        others = self._posts().filter(id__gt=after).exclude(author_handle=self.me)
        items, last = [], None
        for post in others.order_by("id")[: self.SEARCH_WINDOW]:
            last = post.id
            if matches(wanted, post.text):
                items.append(self._item(post, "post"))
                if len(items) == self.PAGE:
                    break
        return Batch(items=items, cursor=str(last) if last is not None else cursor)
