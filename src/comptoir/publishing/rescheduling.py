"""Moving a planned post to another time, from the calendar or its "move" form.

The post and every target no worker has taken yet move together, in one transaction
with those rows locked (PostgreSQL; SQLite transactions hold the write lock from their
start). A target already queued, publishing or published is never touched: the engine
moves targets out of *scheduled* under the same lock, so either the move happens first
and the engine sees the new time, or the engine took the target and the move leaves it.
"""

from __future__ import annotations

from datetime import date, datetime, time

from django.core.exceptions import ValidationError
from django.db import connection, transaction
from django.utils.translation import gettext as _

from comptoir.publishing.composer import MOVABLE, WAITING, future_time
from comptoir.publishing.models import Post, PostTarget


def movable(post: Post) -> bool:
    """Whether the calendar offers to move the post (``move`` decides)."""
    return post.status in WAITING and any(t.status in MOVABLE for t in post.targets.all())


def new_time(post: Post, day: date, at: time | None) -> datetime:
    """``day`` at ``at`` (or at the post's current time of day) in the workspace's zone."""
    tz = post.workspace.tzinfo
    if at is None:
        if post.scheduled_at is None:
            raise ValidationError(_("Choose a time."), code="no_time")
        at = post.scheduled_at.astimezone(tz).time().replace(second=0, microsecond=0)
    return future_time(datetime.combine(day, at), tz)


def move(post: Post, when: datetime) -> int:
    """Move the post and its untaken targets to ``when``; returns how many targets moved."""
    with transaction.atomic():
        posts = Post.objects.filter(pk=post.pk, status__in=WAITING)
        targets = PostTarget.objects.filter(post_id=post.pk, status__in=MOVABLE)
        if connection.features.has_select_for_update:
            posts = posts.select_for_update()
            targets = targets.select_for_update()
        if not posts.exists():
            raise ValidationError(
                _("Only a scheduled post or a post waiting for approval can be moved."),
                code="not_waiting",
            )
        ids = list(targets.values_list("pk", flat=True))
        if not ids:
            raise ValidationError(
                _("This post is already being published: it can no longer be moved."),
                code="started",
            )
        moved = PostTarget.objects.filter(pk__in=ids, status__in=MOVABLE).update(
            due_at=when, error_kind=""
        )
        Post.objects.filter(pk=post.pk).update(scheduled_at=when)
    post.scheduled_at = when
    return moved
