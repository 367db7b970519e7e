"""The sandbox as its customers see it: the public feed, and a way to wake them up.

This page plays the part of the network's own website (where one would look at a post on
Mastodon or Bluesky). Answering stays in the inbox, as for every network.
"""

from __future__ import annotations

import random

from django.contrib import messages
from django.db.models import Count, Q
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from comptoir.networks.models import AccountStatus, ConnectedAccount
from comptoir.networks.models_sandbox import SandboxPost, SandboxReaction, SandboxReview
from comptoir.networks.sandbox.simulation import step
from comptoir.workspaces.access import WorkspaceRequest, get_scoped, workspace_view
from comptoir.workspaces.models import Role

FEED_SIZE = 30


@workspace_view()
def feed(request: WorkspaceRequest, account_id: int) -> HttpResponse:
    account = get_scoped(ConnectedAccount, request.workspace, pk=account_id, network="sandbox")
    posts = SandboxPost.objects.for_workspace(request.workspace)
    likes = Count("reactions", filter=Q(reactions__kind=SandboxReaction.Kind.LIKE))
    reposts = Count("reactions", filter=Q(reactions__kind=SandboxReaction.Kind.REPOST))
    roots = list(
        posts.filter(in_reply_to="")
        .annotate(likes=likes, reposts=reposts)
        .order_by("-id")[:FEED_SIZE]
    )
    replies: dict[str, list[SandboxPost]] = {}
    for reply in posts.filter(root_id__in=[p.remote_id for p in roots]).order_by("id"):
        replies.setdefault(reply.root_id, []).append(reply)
    threads = [(post, replies.get(post.remote_id, [])) for post in roots]
    return render(
        request,
        "networks/sandbox/feed.html",
        {
            "account": account,
            "threads": threads,
            "reviews": SandboxReview.objects.for_workspace(request.workspace)
            .filter(account_handle=account.remote_id)
            .order_by("-id")[:FEED_SIZE],
            "can_simulate": request.membership.has_role(Role.MEMBER)
            and account.status == AccountStatus.ACTIVE,
        },
    )


@workspace_view(Role.MEMBER)
@require_POST
def simulate(request: WorkspaceRequest, account_id: int) -> HttpResponse:
    """Run one round of customers now, rather than waiting for the periodic job."""
    account = get_scoped(
        ConnectedAccount,
        request.workspace,
        pk=account_id,
        network="sandbox",
        status=AccountStatus.ACTIVE,
    )
    report = step(account, random.Random(), timezone.now())  # noqa: S311 - a story, not a secret
    if report.total:
        messages.success(request, _("Your simulated customers have been active."))
    else:
        messages.info(request, _("Your simulated customers had nothing to say this time."))
    return redirect("sandbox:feed", request.workspace.slug, account.pk)
