"""Light approval: some posts wait for an owner or a manager before they are published.

A pending post has its targets *held*: the engine only dispatches *scheduled* targets,
so nothing held can be published. Approving turns held targets into scheduled ones (due
now if their time has passed); sending back returns the post to its author as a draft,
with the reviewer's comment. A recurring post is approved or sent back as a whole series.
"""

from __future__ import annotations

from django.db import connection, transaction
from django.db.models import Q, QuerySet
from django.urls import reverse
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from comptoir.accounts.models import User
from comptoir.notifications.actions import notify
from comptoir.publishing.models import Post, PostStatus, PostTarget, TargetStatus
from comptoir.workspaces.models import ApprovalMode, Membership, Role, Workspace

APPROVER_ROLES = (Role.OWNER, Role.MANAGER)


def needs_approval(membership: Membership, asked: bool) -> bool:
    """Whether this author's post waits for approval, given the workspace's rule."""
    mode = membership.workspace.approval_mode
    if mode == ApprovalMode.OFF:
        return False
    if mode == ApprovalMode.REQUIRED and membership.posts_need_approval:
        return True
    return asked


def can_approve(membership: Membership) -> bool:
    return membership.role in APPROVER_ROLES


def approvers(workspace: Workspace, author: User | None) -> QuerySet[Membership]:
    """Owners and managers who may approve, never the author themself."""
    found: QuerySet[Membership] = Membership.objects.for_workspace(workspace).filter(
        role__in=APPROVER_ROLES
    )
    if author is not None:
        found = found.exclude(user=author)
    return found.select_related("user")


def waiting(workspace: Workspace) -> list[Post]:
    """Posts to approve, one per series (its first pending occurrence), oldest first."""
    pending = (
        Post.objects.for_workspace(workspace)
        .filter(status=PostStatus.PENDING)
        .select_related("author", "series")
        .order_by("scheduled_at", "pk")
    )
    seen: set[int] = set()
    found = []
    for post in pending:
        if post.series_id is not None:
            if post.series_id in seen:
                continue
            seen.add(post.series_id)
        found.append(post)
    return found


def detail_url(post: Post) -> str:
    return reverse("publishing:detail", args=[post.workspace.slug, post.pk])


def submitted(post: Post) -> None:
    """Tell the approvers at once that a post waits for them."""
    author = post.author
    notify(
        post.workspace,
        approvers(post.workspace, author),
        _("%(author)s asks you to approve a post"),
        url=detail_url(post),
        body=_("The post: %(text)s"),
        params={"author": str(author) if author else "", "text": post.text[:300]},
    )


def siblings(post: Post) -> QuerySet[Post]:
    """The pending post and, for a series, its other pending occurrences, locked."""
    query = Q(pk=post.pk)
    if post.series_id is not None:
        query |= Q(series_id=post.series_id)
    found: QuerySet[Post] = Post.objects.filter(query, status=PostStatus.PENDING)
    if connection.features.has_select_for_update:
        found = found.select_for_update()
    return found


def approve(post: Post, reviewer: User) -> int:
    """Schedule the pending post (and its series); returns how many posts were approved."""
    now = timezone.now()
    with transaction.atomic():
        ids = list(siblings(post).values_list("pk", flat=True))
        if not ids:
            return 0
        held = PostTarget.objects.filter(post_id__in=ids, status=TargetStatus.HELD)
        held.filter(due_at__lt=now).update(due_at=now)
        held.update(status=TargetStatus.SCHEDULED)
        posts = Post.objects.filter(pk__in=ids)
        posts.filter(scheduled_at__lt=now).update(scheduled_at=now)
        posts.update(
            status=PostStatus.SCHEDULED, reviewed_by=reviewer, reviewed_at=now, review_comment=""
        )
        tell_author(post, _("%(reviewer)s approved your post"), reviewer)
    return len(ids)


def send_back(post: Post, reviewer: User, comment: str) -> bool:
    """Return the pending post to its author as a draft with ``comment``.

    The other pending occurrences of its series are removed: the draft is what the author
    will schedule again, and the occurrences are created anew then.
    """
    now = timezone.now()
    with transaction.atomic():
        ids = list(siblings(post).values_list("pk", flat=True))
        if post.pk not in ids:
            return False
        kept = dict(PostTarget.objects.filter(post_id=post.pk).values_list("account_id", "text"))
        PostTarget.objects.filter(post_id__in=ids, status=TargetStatus.HELD).delete()
        Post.objects.filter(pk__in=[pk for pk in ids if pk != post.pk]).delete()
        Post.objects.filter(pk=post.pk).update(
            status=PostStatus.DRAFT,
            scheduled_at=None,
            draft_texts={str(account_id): text for account_id, text in kept.items()},
            reviewed_by=reviewer,
            reviewed_at=now,
            review_comment=comment,
        )
        tell_author(
            post, _("%(reviewer)s sent your post back: %(comment)s"), reviewer, comment=comment
        )
    return True


def tell_author(post: Post, title: str | Promise, reviewer: User, comment: str = "") -> None:
    if post.author is None or post.author == reviewer:
        return
    notify(
        post.workspace,
        Membership.objects.for_workspace(post.workspace)
        .filter(user=post.author)
        .select_related("user"),
        title,
        url=detail_url(post),
        body=_("The post: %(text)s"),
        params={"reviewer": str(reviewer), "comment": comment[:120], "text": post.text[:300]},
    )
