"""The inbox: conversations to answer, and one conversation with everything to handle it."""

from __future__ import annotations

from datetime import datetime

from django.contrib import messages
from django.core.cache import cache
from django.http import HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.dateparse import parse_datetime
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from comptoir.core.networks import Network
from comptoir.inbox import listing, triage
from comptoir.inbox.choices import inbox_choices
from comptoir.inbox.models import (
    Conversation,
    ConversationStatus,
    Intent,
    Label,
    Message,
    Sentiment,
)
from comptoir.nlp.forms import language_choices
from comptoir.workspaces.access import WorkspaceRequest, workspace_view
from comptoir.workspaces.models import Membership, Role, Workspace

NOTE_MAX = 5000
SHOWN_AT_ONCE = 3000
LABEL_MAX = 40
ROW_KEPT_SECONDS = 3600


@workspace_view()
def index(request: WorkspaceRequest) -> HttpResponse:
    workspace = request.workspace
    with timezone.override(workspace.tzinfo):
        choices = inbox_choices(workspace)
        page = listing.list_page(workspace, request.membership, request.GET, choices)
        context = {
            "listing": page,
            "drawn_rows": drawn_rows(page.rows, workspace),
            "tabs": [
                (value, label, page.query(tab=value, page=None))
                for value, label in (
                    (listing.TAB_TO_ANSWER, _("To answer")),
                    (listing.TAB_MINE, _("Assigned to me")),
                    *ConversationStatus.choices,
                    (listing.TAB_SNOOZED, _("Snoozed")),
                )
            ],
            "networks": Network.choices,
            "statuses": ConversationStatus.choices,
            "sentiments": Sentiment.choices,
            "intents": Intent.choices,
            "label_choices": choices.labels,
            "member_choices": choices.members,
            # Named as a message's language is on its conversation page; "unknown" (an
            # empty value) cannot be a filter.
            "languages": [(code, name) for code, name in language_choices() if code],
            "filtering": bool(page.filters),
        }
        # The tabs and the filters are drawn once per everything they show.
        context["controls_fingerprint"] = listing.digest(
            (
                page.tab,
                sorted(page.filters.items()),
                choices.labels,
                choices.members,
                translation.get_language(),
            )
        )
        return render(request, "inbox/index.html", context)


def drawn_rows(rows: list[Conversation], workspace: Workspace) -> list[SafeString]:
    """Each inbox row's HTML, kept by this process under its fingerprint or drawn now.

    Kept rows are read in one call: a template tag per row cost a page more than its
    queries. A fingerprint covers everything a row shows (``listing.row_fingerprint``),
    so a kept row is never out of date.
    """
    keys = [f"inbox_row:{row.fingerprint}" for row in rows]  # type: ignore[attr-defined]
    kept = cache.get_many(keys)
    drawn, new = [], {}
    for row, key in zip(rows, keys, strict=True):
        if key not in kept:
            context = {"conversation": row, "current_workspace": workspace}
            kept[key] = new[key] = render_to_string("inbox/conversation_item.html", context)
        drawn.append(mark_safe(kept[key]))  # noqa: S308 - drawn by our escaping template
    cache.set_many(new, ROW_KEPT_SECONDS)
    return drawn


def conversation_context(
    request: WorkspaceRequest, conversation: Conversation
) -> dict[str, object]:
    choices = inbox_choices(request.workspace, conversation.pk)
    return {
        "conversation": conversation,
        "member_choices": choices.members,
        "attached_labels": choices.attached_labels,
        "label_choices": choices.labels,
        "statuses": ConversationStatus.choices,
        "can_change": request.membership.has_role(Role.MEMBER),
    }


def load(request: WorkspaceRequest, conversation_id: int) -> Conversation:
    """The workspace's conversation, or 404 whatever else exists."""
    scoped = Conversation.objects.for_workspace(request.workspace).select_related(
        "person", "assignee__user", "account"
    )
    conversation: Conversation = get_object_or_404(scoped, pk=conversation_id)
    conversation.workspace = request.workspace  # already read: no need to join it again
    return conversation


@workspace_view()
def conversation(request: WorkspaceRequest, conversation_id: int) -> HttpResponse:
    return conversation_page(request, load(request, conversation_id))


def conversation_page(
    request: WorkspaceRequest, item: Conversation, note_text: str = "", note_error: str = ""
) -> HttpResponse:
    thread = list(
        Message.objects.filter(conversation=item, workspace=request.workspace)
        .select_related("sent_by__user", "person", "account")
        .order_by("received_at", "pk")
    )
    for message in thread:
        # Browsers take seconds to lay out a word of 100,000 characters: the rest of a very
        # long message waits, complete, behind "show the whole message".
        message.head = message.text[:SHOWN_AT_ONCE]  # type: ignore[attr-defined]
        message.cut = len(message.text) > SHOWN_AT_ONCE  # type: ignore[attr-defined]
    notes = item.notes.select_related("author__user")
    with timezone.override(request.workspace.tzinfo):
        return render(
            request,
            "inbox/conversation.html",
            {
                **conversation_context(request, item),
                "thread": thread,
                "notes": notes,
                "note_text": note_text,
                "note_error": note_error,
            },
            status=400 if note_error else 200,
        )


def panel(request: WorkspaceRequest, conversation_id: int, error: str = "") -> HttpResponse:
    """After a change: the side panel again for HTMX, else the whole page."""
    if error and not request.htmx:  # type: ignore[attr-defined]
        messages.error(request, error)
    if not request.htmx:  # type: ignore[attr-defined]
        return HttpResponseRedirect(
            reverse("inbox:conversation", args=[request.workspace.slug, conversation_id])
        )
    item = load(request, conversation_id)
    with timezone.override(request.workspace.tzinfo):
        context = {**conversation_context(request, item), "error": error}
        return render(request, "inbox/conversation_panel.html", context)


@require_POST
@workspace_view(Role.MEMBER)
def change_status(request: WorkspaceRequest, conversation_id: int) -> HttpResponse:
    item = load(request, conversation_id)
    status = request.POST.get("status", "")
    if status not in ConversationStatus.values:
        return panel(request, item.pk, _("Choose one of the listed statuses."))
    triage.set_status(item, status)
    return panel(request, item.pk)


@require_POST
@workspace_view(Role.MEMBER)
def snooze(request: WorkspaceRequest, conversation_id: int) -> HttpResponse:
    item = load(request, conversation_id)
    now = timezone.now()
    tz = request.workspace.tzinfo
    preset = request.POST.get("preset", "")
    until: datetime | None
    if preset == "wake":
        until = None
    elif preset in triage.SNOOZE_PRESETS:
        until = triage.snooze_until(preset, now, tz)
    else:
        try:
            parsed = parse_datetime(request.POST.get("until", "").strip())
        except ValueError:
            parsed = None
        if parsed is None:
            return panel(request, item.pk, _("Give a date and a time to snooze until."))
        until = parsed if timezone.is_aware(parsed) else parsed.replace(tzinfo=tz)
        if until <= now:
            return panel(request, item.pk, _("Snooze until a moment in the future."))
    triage.snooze(item, until)
    return panel(request, item.pk)


@require_POST
@workspace_view(Role.MEMBER)
def assign(request: WorkspaceRequest, conversation_id: int) -> HttpResponse:
    item = load(request, conversation_id)
    value = request.POST.get("assignee", "")
    assignee: Membership | None
    if request.POST.get("assign_me") or value == "me":
        assignee = request.membership
    elif value == "":
        assignee = None
    else:
        assignee = (
            Membership.objects.for_workspace(request.workspace)
            .select_related("user")
            .filter(pk=value if value.isdigit() else 0)
            .first()
        )
        if assignee is None:
            return panel(request, item.pk, _("Choose a member of this workspace."))
    triage.assign(item, assignee, request.membership)
    return panel(request, item.pk)


@require_POST
@workspace_view(Role.MEMBER)
def labels(request: WorkspaceRequest, conversation_id: int) -> HttpResponse:
    item = load(request, conversation_id)
    action = request.POST.get("action", "")
    if action == "create":
        name = " ".join(request.POST.get("name", "").split())
        if not name or len(name) > LABEL_MAX:
            return panel(
                request,
                item.pk,
                _("A label name has 1 to %(max)d characters.") % {"max": LABEL_MAX},
            )
        triage.create_label(item, name)
        return panel(request, item.pk)
    raw = request.POST.get("label", "")
    label = (
        Label.objects.for_workspace(request.workspace)
        .filter(pk=raw if raw.isdigit() else 0)
        .first()
    )
    if label is None or action not in ("add", "remove"):
        return panel(request, item.pk, _("Choose one of the workspace's labels."))
    if action == "add":
        triage.add_label(item, label)
    else:
        triage.remove_label(item, label)
    return panel(request, item.pk)


@require_POST
@workspace_view(Role.MEMBER)
def add_note(request: WorkspaceRequest, conversation_id: int) -> HttpResponse:
    item = load(request, conversation_id)
    text = request.POST.get("text", "").strip()
    if not text or len(text) > NOTE_MAX:
        # The page again with the text kept, so that nothing written is lost.
        error = _("A note has 1 to %(max)d characters.") % {"max": NOTE_MAX}
        return conversation_page(request, item, note_text=text, note_error=error)
    triage.add_note(item, request.membership, text)
    url = reverse("inbox:conversation", args=[request.workspace.slug, item.pk])
    return HttpResponseRedirect(url + "#notes")
