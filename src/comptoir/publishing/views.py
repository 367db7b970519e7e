"""Posts: what is scheduled, what went out and how it did, drafts, and the composer."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import Prefetch
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from comptoir.media import compose as media_compose
from comptoir.publishing import approval, composer, listing, preview, rescheduling, saving
from comptoir.publishing.forms import ComposeForm
from comptoir.publishing.models import Post, PostStatus, PostTarget
from comptoir.workspaces.access import WorkspaceRequest, get_scoped, workspace_view
from comptoir.workspaces.models import Role

ORDERING = {
    PostStatus.SCHEDULED: "scheduled_at",
    PostStatus.PUBLISHED: "-published_at",
    PostStatus.DRAFT: "-created_at",
    PostStatus.FAILED: "-scheduled_at",
    PostStatus.PENDING: "scheduled_at",
}


def with_targets() -> Prefetch[str]:
    return Prefetch("targets", queryset=PostTarget.objects.select_related("account"))


@workspace_view()
def index(request: WorkspaceRequest) -> HttpResponse:
    status = request.GET.get("status", PostStatus.SCHEDULED)
    if status not in PostStatus.values:
        status = PostStatus.SCHEDULED
    posts = (
        Post.objects.for_workspace(request.workspace)
        .filter(status=status)
        .select_related("author")
        .prefetch_related(with_targets())
        .order_by(ORDERING[PostStatus(status)])
    )
    shown, kept = listing.filtered(posts, request.workspace, request.GET)
    page = Paginator(shown, 30).get_page(request.GET.get("page"))
    return render(
        request,
        "publishing/index.html",
        {
            "page": page,
            "status": status,
            "statuses": PostStatus.choices,
            "query_prefix": listing.query_prefix(status, kept),
            "filters": kept,
            "empty_message": listing.empty_message(kept),
            "networks": composer.publisher_networks(),
            "tab": "list",
            "can_compose": request.membership.has_role(Role.MEMBER),
        },
    )


@workspace_view(Role.MEMBER)
def compose(request: WorkspaceRequest) -> HttpResponse:
    return edit_or_compose(request, None)


@workspace_view(Role.MEMBER)
def edit(request: WorkspaceRequest, post_id: int) -> HttpResponse:
    post = get_scoped(Post, request.workspace, pk=post_id)
    if post.status != PostStatus.DRAFT:
        messages.error(request, _("Only a draft can be edited."))
        return redirect("publishing:detail", request.workspace.slug, post.pk)
    return edit_or_compose(request, post)


def edit_or_compose(request: WorkspaceRequest, post: Post | None) -> HttpResponse:
    workspace = request.workspace
    if request.method == "POST":
        form = ComposeForm(request.POST, workspace=workspace)
        if form.is_valid():
            try:
                saved = saving.save_composed(form, request.membership, post)
            except ValidationError as error:
                form.add_error(None, error)
            else:
                if saved.status == PostStatus.PENDING:
                    approval.submitted(saved)
                action = form.cleaned_data["action"]
                messages.success(
                    request, listing.saved_message(saved, action) or confirmation(action)
                )
                return redirect("publishing:detail", workspace.slug, saved.pk)
    else:
        initial = {}
        if post is not None:
            initial = composer.initial_for(post, composer.publishable_accounts(workspace))
            initial |= media_compose.initial(post)
        form = ComposeForm(initial=initial, workspace=workspace)
    return render(
        request,
        "publishing/compose.html",
        {
            "form": form,
            "post": post,
            "counters": counters_for(form),
            "previews": previews_for(form),
            "approval_required": approval.needs_approval(request.membership, asked=False),
        },
    )


def confirmation(action: str) -> str:
    if action == composer.DRAFT:
        return _("The draft is saved.")
    if action == composer.SCHEDULE:
        return _("The post is scheduled.")
    return _("The post is on its way: it will be published in a few seconds.")


def counters_for(form: ComposeForm) -> list[composer.Counter]:
    """One counter per account, for the text that account would get."""
    data = form.data if form.is_bound else form.initial
    return [
        composer.measure(account, form.text_for(account, data)) for account in form.account_list
    ]


def previews_for(form: ComposeForm) -> list[preview.Preview]:
    """How the post will look on each chosen account's network."""
    data = form.data if form.is_bound else form.initial
    getlist = getattr(data, "getlist", None)
    chosen = {str(pk) for pk in (getlist("accounts") if getlist else data.get("accounts") or [])}
    images = media_compose.chosen_now(form)
    return [
        preview.build(account, form.text_for(account, data), images)
        for account in form.account_list
        if str(account.pk) in chosen
    ]


@require_POST
@workspace_view(Role.MEMBER)
def counters(request: WorkspaceRequest) -> HttpResponse:
    """The live counters and previews, recomputed on the server as the person types."""
    form = ComposeForm(request.POST, workspace=request.workspace)
    return render(
        request,
        "publishing/live.html",
        {"counters": counters_for(form), "previews": previews_for(form), "form": form},
    )


@workspace_view()
def detail(request: WorkspaceRequest, post_id: int) -> HttpResponse:
    posts = (
        Post.objects.for_workspace(request.workspace)
        .select_related("author")
        .prefetch_related(
            Prefetch(
                "targets",
                queryset=PostTarget.objects.select_related("account").prefetch_related("log"),
            )
        )
    )
    post = get_object_or_404(posts, pk=post_id)
    return render(
        request,
        "publishing/detail.html",
        {
            "post": post,
            "can_compose": request.membership.has_role(Role.MEMBER),
            "live": composer.in_progress(post),
            "cancellable": composer.cancellable(post),
            "movable": rescheduling.movable(post),
            "can_approve": approval.can_approve(request.membership)
            and post.author_id != request.user.pk,
        },
    )


@require_POST
@workspace_view(Role.MEMBER)
def cancel(request: WorkspaceRequest, post_id: int) -> HttpResponse:
    post = get_scoped(Post, request.workspace, pk=post_id)
    if composer.cancel(post):
        messages.success(request, _("The post is back among the drafts."))
    else:
        messages.error(
            request,
            _("This post can no longer be cancelled: its publication has already started."),
        )
    return redirect("publishing:detail", request.workspace.slug, post.pk)
