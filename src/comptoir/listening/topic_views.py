"""Listening > What to listen to: the topics, their words, and a "Search now" button.

Everyone sees the topics; everyone but read-only members adds, changes, pauses and
deletes them, as they do with saved replies: they are the people who follow what is said.
"""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.contrib import messages
from django.db.models import Count, Q
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from comptoir.listening.forms import TopicForm
from comptoir.listening.models import Topic
from comptoir.listening.search import listening_accounts
from comptoir.listening.tasks import search_workspace_now
from comptoir.workspaces.access import WorkspaceRequest, get_scoped, workspace_view
from comptoir.workspaces.models import Role, Workspace

#: Minutes between two "Search now" of a workspace.
SEARCH_NOW_INTERVAL_MINUTES = 5


def _page(
    request: WorkspaceRequest, *, form: TopicForm | None = None, status: int = 200
) -> HttpResponse:
    workspace = request.workspace
    topics = Topic.objects.for_workspace(workspace).annotate(found=Count("mentions"))
    context: dict[str, Any] = {
        "topics": topics,
        "can_write": request.membership.has_role(Role.MEMBER),
        "form": form or TopicForm(workspace=workspace),
        "accounts": listening_accounts(workspace),
    }
    return render(request, "listening/topics.html", context, status=status)


@workspace_view()
def topics(request: WorkspaceRequest) -> HttpResponse:
    """The list of topics (GET) or a new one (POST, members who can write)."""
    if request.method != "POST":
        return _page(request)
    if not request.membership.has_role(Role.MEMBER):
        messages.error(request, _("Read-only members cannot change what is listened to."))
        return redirect("listening:topics", request.workspace.slug)
    form = TopicForm(request.POST, workspace=request.workspace)
    if not form.is_valid():
        return _page(request, form=form, status=400)
    topic = form.save(commit=False)
    topic.workspace = request.workspace
    topic.created_by = request.membership
    topic.save()
    messages.success(request, _("“%(name)s” is added to what you listen to.") % {"name": topic})
    return redirect("listening:topics", request.workspace.slug)


@workspace_view()
def edit(request: WorkspaceRequest, topic_id: int) -> HttpResponse:
    topic = get_scoped(Topic, request.workspace, pk=topic_id)
    can_write = request.membership.has_role(Role.MEMBER)
    form = TopicForm(
        request.POST if request.method == "POST" and can_write else None,
        instance=topic,
        workspace=request.workspace,
    )
    if request.method == "POST" and can_write and form.is_valid():
        form.save()
        messages.success(request, _("“%(name)s” is updated.") % {"name": topic})
        return redirect("listening:topics", request.workspace.slug)
    status = 400 if form.is_bound else 200
    context = {"form": form, "topic": topic, "can_write": can_write}
    return render(request, "listening/topic_form.html", context, status=status)


@require_POST
@workspace_view(Role.MEMBER)
def pause(request: WorkspaceRequest, topic_id: int) -> HttpResponse:
    """Pause a topic, or listen to it again: its words and mentions are kept either way."""
    topic = get_scoped(Topic, request.workspace, pk=topic_id)
    topic.active = not topic.active
    topic.save(update_fields=["active"])
    if topic.active:
        messages.success(request, _("Listening to “%(name)s” again.") % {"name": topic})
    else:
        messages.success(request, _("“%(name)s” is paused.") % {"name": topic})
    return redirect("listening:topics", request.workspace.slug)


@require_POST
@workspace_view(Role.MEMBER)
def delete(request: WorkspaceRequest, topic_id: int) -> HttpResponse:
    topic = get_scoped(Topic, request.workspace, pk=topic_id)
    topic.delete()
    messages.success(
        request,
        _("“%(name)s” is deleted. The mentions already found are kept.") % {"name": topic},
    )
    return redirect("listening:topics", request.workspace.slug)


@require_POST
@workspace_view(Role.MEMBER)
def search_now(request: WorkspaceRequest) -> HttpResponse:
    """Ask a worker to run this workspace's searches now, rather than at the next run."""
    workspace = request.workspace
    if not Topic.objects.for_workspace(workspace).filter(active=True).exists():
        messages.error(request, _("There is nothing to search: add a topic, or resume one."))
    elif not listening_accounts(workspace):
        messages.error(
            request,
            _(
                "No connected account can search yet: connect Bluesky, Mastodon, a news feed "
                "or the practice network first."
            ),
        )
    elif not claim_search_now(workspace):
        messages.info(
            request,
            _(
                "A search started less than %(minutes)s minutes ago: its mentions appear on "
                "the listening page in a minute."
            )
            % {"minutes": SEARCH_NOW_INTERVAL_MINUTES},
        )
    else:
        search_workspace_now.enqueue(workspace.pk)
        messages.success(
            request,
            _("The search has started. New mentions appear on the listening page in a minute."),
        )
    return redirect("listening:topics", workspace.slug)


def claim_search_now(workspace: Workspace) -> bool:
    """True for the first ask in ``SEARCH_NOW_INTERVAL_MINUTES``, for this workspace.

    The UPDATE checks its condition again row by row as it writes: of two clicks that
    arrive together on two web processes (or machines), the second finds every row
    claimed already, updates none, and starts no second search.
    """
    now = timezone.now()
    recent = now - timedelta(minutes=SEARCH_NOW_INTERVAL_MINUTES)
    topics = Topic.objects.for_workspace(workspace).filter(active=True)
    if topics.filter(search_asked_at__gt=recent).exists():
        return False
    free = Q(search_asked_at__isnull=True) | Q(search_asked_at__lte=recent)
    claimed: int = topics.filter(free).update(search_asked_at=now)
    return claimed > 0
