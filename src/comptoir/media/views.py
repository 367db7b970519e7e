"""The media library: the workspace's images, their descriptions, uploads from the composer.

Image files are only ever sent through these views, after ``workspace_view`` has found the
workspace among the person's own: there is no public folder to list or guess.
"""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from comptoir.media import actions, convert
from comptoir.media.forms import AltForm, UploadForm
from comptoir.media.models import MediaItem
from comptoir.workspaces.access import WorkspaceRequest, get_scoped, workspace_view
from comptoir.workspaces.models import Role

PAGE_SIZE = 48


def store(request: WorkspaceRequest, file: UploadedFile[bytes], alt_text: str = "") -> MediaItem:
    return actions.upload(
        request.workspace,
        request.user,
        file,
        name=file.name or "",
        size=file.size,
        alt_text=alt_text,
    )


@workspace_view()
def index(request: WorkspaceRequest) -> HttpResponse:
    form = UploadForm()
    if request.method == "POST":
        if not request.membership.has_role(Role.MEMBER):
            return HttpResponse(status=403)
        form = UploadForm(request.POST, request.FILES)
        if form.is_valid():
            try:
                store(request, form.cleaned_data["file"], form.cleaned_data["alt_text"])
            except ValidationError as error:
                form.add_error("file", error)
            else:
                messages.success(request, _("The image is in the library."))
                return redirect("media:index", request.workspace.slug)
    items = MediaItem.objects.for_workspace(request.workspace).select_related("uploaded_by")
    page = Paginator(items, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "media/index.html",
        {
            "form": form,
            "page": page,
            "can_edit": request.membership.has_role(Role.MEMBER),
        },
    )


@require_POST
@workspace_view(Role.MEMBER)
def attach(request: WorkspaceRequest) -> HttpResponse:
    """An image added from the composer: into the library, and back as a chosen row."""
    file = request.FILES.get("upload")
    try:
        if file is None:
            raise ValidationError(_("Choose an image file."), code="missing")
        item = store(request, file)
    except ValidationError as error:
        response = render(request, "media/upload_error.html", {"errors": error.messages})
        response["HX-Retarget"] = "#composer-upload-error"
        response["HX-Reswap"] = "innerHTML"
        return response
    return render(
        request,
        "media/composer_image.html",
        {"item": item, "picked": True, "alt": "", "current_workspace": request.workspace},
    )


def image_response(content: bytes, mime_type: str) -> HttpResponse:
    """An image, never sniffed as anything else, kept by the browser but not by proxies."""
    response = HttpResponse(content, content_type=mime_type)
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, max-age=3600"
    return response


@require_GET
@workspace_view()
def original(request: WorkspaceRequest, mediaitem_id: int) -> HttpResponse:
    item = get_scoped(MediaItem, request.workspace, pk=mediaitem_id)
    with item.file.open("rb") as file:
        return image_response(file.read(), item.mime_type)


@require_GET
@workspace_view()
def thumbnail(request: WorkspaceRequest, mediaitem_id: int) -> HttpResponse:
    item = get_scoped(MediaItem, request.workspace, pk=mediaitem_id)
    made = convert.variant(item, convert.THUMBNAIL)
    return image_response(made.content, made.mime_type)


@require_POST
@workspace_view(Role.MEMBER)
def describe(request: WorkspaceRequest, mediaitem_id: int) -> HttpResponse:
    item = get_scoped(MediaItem, request.workspace, pk=mediaitem_id)
    form = AltForm(request.POST)
    if form.is_valid():
        actions.set_alt(item, form.cleaned_data["alt_text"])
        messages.success(request, _("The description is saved."))
    return redirect("media:index", request.workspace.slug)


@require_POST
@workspace_view(Role.MEMBER)
def delete(request: WorkspaceRequest, mediaitem_id: int) -> HttpResponse:
    item = get_scoped(MediaItem, request.workspace, pk=mediaitem_id)
    try:
        actions.delete(item)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("The image is deleted."))
    return redirect("media:index", request.workspace.slug)
