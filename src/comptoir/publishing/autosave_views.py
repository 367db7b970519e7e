"""Drafts saved by themselves while a person writes, so that a closed tab loses nothing.

The composer's script (``static/publishing/autosave.js``) posts the whole form here a few
seconds after the person stops typing. It is saved exactly as "Save as draft" saves it;
the answer gives the draft's addresses, so the page goes on editing that very draft and
its final "Publish now" or "Schedule" turns that draft into the post: one composition,
one post. Only drafts are ever saved here: a post already scheduled, waiting for approval
or published is left untouched.
"""

from __future__ import annotations

from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.http import HttpResponse, JsonResponse
from django.urls import reverse
from django.utils import formats, timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from comptoir.media import compose as media_compose
from comptoir.publishing import composer, saving
from comptoir.publishing.forms import ComposeForm
from comptoir.publishing.models import Post, PostStatus
from comptoir.workspaces.access import WorkspaceRequest, get_scoped, workspace_view
from comptoir.workspaces.models import Role

# Fields whose messages already name what they are about (the account, the images).
SELF_EXPLAINING = {NON_FIELD_ERRORS, media_compose.FIELD}


@require_POST
@workspace_view(Role.MEMBER)
def autosave_new(request: WorkspaceRequest) -> HttpResponse:
    """The first save of a new composition: it creates the draft."""
    return autosave(request, None)


@require_POST
@workspace_view(Role.MEMBER)
def autosave_draft(request: WorkspaceRequest, post_id: int) -> HttpResponse:
    """Every later save: it rewrites that draft, and never anything but a draft."""
    post = get_scoped(Post, request.workspace, pk=post_id)
    if post.status != PostStatus.DRAFT:
        return not_a_draft()
    return autosave(request, post)


def autosave(request: WorkspaceRequest, post: Post | None) -> HttpResponse:
    data = request.POST.copy()
    data["action"] = composer.DRAFT
    if not str(data.get("text") or "").strip() and not media_compose.count(data):
        # Nothing written yet, or everything erased: no draft to make, and the last
        # saved version of an existing draft is kept.
        return JsonResponse({"saved": False, "message": ""})
    form = ComposeForm(data, workspace=request.workspace)
    if not form.is_valid():
        return not_saved(reasons(form))
    try:
        saved = saving.save_composed(form, request.membership, post)
    except ValidationError as error:
        if error.code == "not_draft":
            return not_a_draft()
        return not_saved(" ".join(error.messages))
    slug = request.workspace.slug
    when = timezone.localtime(timezone.now(), request.workspace.tzinfo)
    return JsonResponse(
        {
            "saved": True,
            "post": saved.pk,
            "edit_url": reverse("publishing:edit", args=[slug, saved.pk]),
            "autosave_url": reverse("publishing:autosave_draft", args=[slug, saved.pk]),
            "message": _("Draft saved at %(time)s") % {"time": formats.time_format(when)},
        }
    )


def reasons(form: ComposeForm) -> str:
    """Every reason the form gives, each tied to its field when the message alone is vague."""
    texts = []
    for name, errors in form.errors.items():
        field = form.fields.get(name)
        for message in errors:
            if name in SELF_EXPLAINING or name.startswith("variant_") or field is None:
                texts.append(str(message))
            else:
                values = {"field": field.label or name, "error": message}
                texts.append(_("%(field)s: %(error)s") % values)
    return " ".join(texts)


def not_saved(why: str) -> JsonResponse:
    """The draft could not hold what was typed: the page keeps it and says why."""
    message = _("Not saved: %(reasons)s The text stays on this page.") % {"reasons": why}
    return JsonResponse({"saved": False, "message": message}, status=400)


def not_a_draft() -> JsonResponse:
    message = _(
        "This post is no longer a draft (it is scheduled, waiting or published): "
        "it is not saved automatically any more."
    )
    return JsonResponse({"saved": False, "stop": True, "message": message}, status=409)
