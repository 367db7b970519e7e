"""The workspace's calendar feed (iCalendar, RFC 5545) at a secret address.

Calendar applications cannot sign in, so the address itself is the key: a long random
token, compared in constant time, that an owner or a manager can replace at any moment
to retire the old address. The feed holds planned and published posts from the last
90 days onwards.
"""

from __future__ import annotations

import hmac
import secrets
from datetime import timedelta

import icalendar
from django.conf import settings
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone

from comptoir.core.networks import network_label
from comptoir.publishing.calendar_grid import when
from comptoir.publishing.models import CalendarFeed, Post, PostStatus
from comptoir.workspaces.models import Workspace

HISTORY = timedelta(days=90)
DURATION = timedelta(minutes=15)  # a post is an instant; calendars need a visible length
IN_FEED = (PostStatus.PENDING, PostStatus.SCHEDULED, PostStatus.PUBLISHED)


def feed_for(workspace: Workspace) -> CalendarFeed:
    """The workspace's feed, created with a fresh token the first time."""
    existing = CalendarFeed.objects.for_workspace(workspace).first()
    if existing is not None:
        return existing
    try:
        with transaction.atomic():
            created: CalendarFeed = CalendarFeed.objects.create(
                workspace=workspace, token=secrets.token_urlsafe(32)
            )
            return created
    except IntegrityError:  # created meanwhile by another request
        found: CalendarFeed = CalendarFeed.objects.for_workspace(workspace).get()
        return found


def regenerate(workspace: Workspace) -> CalendarFeed:
    feed = feed_for(workspace)
    feed.token = secrets.token_urlsafe(32)
    feed.save(update_fields=["token"])
    return feed


def feed_url(feed: CalendarFeed) -> str:
    return settings.BASE_URL + reverse("calendar_feed:ical", args=[feed.token])


def find(token: str) -> CalendarFeed | None:
    feed = CalendarFeed.objects.select_related("workspace").filter(token=token).first()
    if feed is None or not hmac.compare_digest(feed.token, token):
        return None
    return feed


def render(workspace: Workspace) -> bytes:
    calendar = icalendar.Calendar()
    calendar.add("prodid", "-//Comptoir//Posts//EN")
    calendar.add("version", "2.0")
    calendar.add("x-wr-calname", f"Comptoir · {workspace.name}")
    calendar.add("x-wr-timezone", workspace.timezone)
    since = timezone.now() - HISTORY
    posts = (
        Post.objects.for_workspace(workspace)
        .filter(status__in=IN_FEED)
        .exclude(scheduled_at__lt=since, published_at__isnull=True)
        .exclude(published_at__lt=since)
        .order_by("scheduled_at", "pk")
    )
    host = settings.BASE_URL.split("://", 1)[-1]
    for post in posts:
        start = when(post)
        if start is None:
            continue
        event = icalendar.Event()
        event.add("uid", f"post-{post.pk}@{host}")
        event.add("dtstamp", timezone.now())
        event.add("dtstart", start)
        event.add("dtend", start + DURATION)
        first_line = post.text.strip().splitlines()[0] if post.text.strip() else ""
        event.add("summary", first_line[:80])
        networks = ", ".join(network_label(network) for network in post.networks)
        event.add("description", f"{post.text}\n\n{networks} · {post.get_status_display()}")
        event.add(
            "url", settings.BASE_URL + reverse("publishing:detail", args=[workspace.slug, post.pk])
        )
        event.add("status", "TENTATIVE" if post.status == PostStatus.PENDING else "CONFIRMED")
        calendar.add_component(event)
    data: bytes = calendar.to_ical()
    return data
