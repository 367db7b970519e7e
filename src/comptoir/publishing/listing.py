"""The list of posts' filters (network, dates) and what the composer says after saving."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, time, timedelta

from django.db.models import Q, QuerySet
from django.http import QueryDict
from django.utils.http import urlencode
from django.utils.translation import gettext as _

from comptoir.core.networks import network_label
from comptoir.publishing import approval, composer, labels
from comptoir.publishing.models import Post, PostStatus
from comptoir.publishing.queue import wall_time
from comptoir.workspaces.models import Membership, Workspace


def day_or_none(raw: str | None) -> date | None:
    try:
        return date.fromisoformat(raw or "")
    except ValueError:
        return None


def filtered(
    posts: QuerySet[Post], workspace: Workspace, params: QueryDict
) -> tuple[QuerySet[Post], dict[str, str]]:
    """``posts`` narrowed to a network and a period (local days, both included).

    The period applies to the publication time of published posts and to the planned
    time of the others; returns the filters kept, to carry them over in links.
    """
    kept: dict[str, str] = {}
    network = params.get("network", "")
    if network in composer.publisher_networks():
        # Drafts have no targets yet: their chosen networks are on the post itself.
        ids = Post.objects.filter(workspace=workspace, targets__account__network=network)
        drafts = [p.pk for p in posts.filter(status=PostStatus.DRAFT) if network in p.networks]
        posts = posts.filter(Q(pk__in=ids.values("pk")) | Q(pk__in=drafts))
        kept["network"] = network
    tz = workspace.tzinfo
    start, end = day_or_none(params.get("from")), day_or_none(params.get("to"))
    if start is not None and end is not None and start > end:
        # Dates typed the wrong way round mean the same period: an empty list would
        # wrongly suggest that no post of this status exists.
        start, end = end, start
    if start is not None:
        since = wall_time(start, time(0), tz)
        posts = posts.filter(
            Q(published_at__gte=since) | Q(published_at__isnull=True, scheduled_at__gte=since)
        )
        kept["from"] = start.isoformat()
    if end is not None:
        until = wall_time(end + timedelta(days=1), time(0), tz)
        posts = posts.filter(
            Q(published_at__lt=until) | Q(published_at__isnull=True, scheduled_at__lt=until)
        )
        kept["to"] = end.isoformat()
    return posts, kept


def empty_message(kept: dict[str, str]) -> str:
    """Why the list is empty, naming the filters in use, so people know what to widen."""
    network = network_label(kept["network"]) if "network" in kept else ""
    period = period_text(kept)
    if network and period:
        return _("No post with this status on %(network)s %(period)s.") % {
            "network": network,
            "period": period,
        }
    if network:
        return _("No post with this status on %(network)s.") % {"network": network}
    if period:
        return _("No post with this status %(period)s.") % {"period": period}
    return _("No post with this status.")


def period_text(kept: dict[str, str]) -> str:
    """The chosen period in words and the reader's date format, or "" without one."""
    start, end = day_or_none(kept.get("from")), day_or_none(kept.get("to"))
    if start is not None and end is not None:
        return _("between %(start)s and %(end)s") % {
            "start": labels.local_date(start),
            "end": labels.local_date(end),
        }
    if start is not None:
        return _("from %(start)s") % {"start": labels.local_date(start)}
    if end is not None:
        return _("until %(end)s") % {"end": labels.local_date(end)}
    return ""


def query_prefix(status: str, kept: dict[str, str]) -> str:
    return urlencode({"status": status, **kept}) + "&"


def planned(
    composition: composer.Composition, membership: Membership, asked: bool
) -> composer.Composition:
    """The composition, held for approval when the workspace's rule asks for it."""
    if composition.action == composer.DRAFT:
        return composition
    return replace(composition, needs_approval=approval.needs_approval(membership, asked))


def saved_message(post: Post, action: str) -> str:
    if post.status == PostStatus.PENDING:
        return _("The post waits for approval: a manager has been told.")
    if action == composer.QUEUE:
        return _("The post is added to the queue.")
    if post.series_id is not None:
        return _("The post and its repetitions are scheduled.")
    return ""
