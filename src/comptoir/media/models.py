"""The workspace's images, and which posts use them.

Files live under ``MEDIA_ROOT`` (inside the data folder), one folder per workspace, with
a random name: nothing serves that folder directly. People see an image only through the
workspace-scoped views of this app, so another business can never list or guess it.
"""

from __future__ import annotations

import uuid
from pathlib import PurePath

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from comptoir.workspaces.models import WorkspaceScoped

EXTENSIONS = {"image/jpeg": ".jpg", "image/png": ".png", "image/webp": ".webp", "image/gif": ".gif"}


def library_path(item: MediaItem, filename: str) -> str:
    suffix = EXTENSIONS.get(item.mime_type) or PurePath(filename).suffix.lower()
    return f"library/{item.workspace_id}/{uuid.uuid4().hex}{suffix}"


class MediaItem(WorkspaceScoped):
    """One image of the library: cleaned on upload (EXIF removed, turned upright)."""

    file = models.FileField(_("file"), upload_to=library_path, max_length=200)
    original_name = models.CharField(_("original name"), max_length=255)
    mime_type = models.CharField(_("type"), max_length=50)
    width = models.PositiveIntegerField(_("width"))
    height = models.PositiveIntegerField(_("height"))
    size_bytes = models.PositiveBigIntegerField(_("size"))
    alt_text = models.TextField(_("description"), blank=True)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("image")
        verbose_name_plural = _("images")
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return self.original_name


class PostMedia(WorkspaceScoped):
    """An image attached to a post, in its place, with the description given for that post.

    An empty ``alt_text`` means the library's description.
    """

    post = models.ForeignKey(
        "publishing.Post", on_delete=models.CASCADE, related_name="media_links"
    )
    media = models.ForeignKey(MediaItem, on_delete=models.CASCADE, related_name="uses")
    position = models.PositiveSmallIntegerField(default=0)
    alt_text = models.TextField(_("description"), blank=True)

    class Meta:
        ordering = ["position", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["post", "media"], name="media_once_per_post"),
        ]

    def __str__(self) -> str:
        return f"{self.post_id} #{self.position}: {self.media_id}"

    @property
    def description(self) -> str:
        return self.alt_text or self.media.alt_text
