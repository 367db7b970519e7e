"""Changing the library: adding an image, describing it, removing it."""

from __future__ import annotations

from typing import IO

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils.translation import gettext as _

from comptoir.accounts.models import User
from comptoir.media import convert, images
from comptoir.media.models import EXTENSIONS, MediaItem
from comptoir.publishing.models import PostStatus
from comptoir.workspaces.models import Workspace


def upload(
    workspace: Workspace,
    user: User | None,
    file: IO[bytes],
    *,
    name: str,
    size: int | None = None,
    alt_text: str = "",
) -> MediaItem:
    """Check, clean and store an image; raises ValidationError with the reason otherwise."""
    cleaned = images.clean(images.read_upload(file, size))
    item = MediaItem(
        workspace=workspace,
        original_name=(name or "image")[:255],
        mime_type=cleaned.mime_type,
        width=cleaned.width,
        height=cleaned.height,
        size_bytes=len(cleaned.content),
        alt_text=alt_text.strip(),
        uploaded_by=user,
    )
    item.file.save(f"image{EXTENSIONS[cleaned.mime_type]}", ContentFile(cleaned.content))
    return item


def set_alt(item: MediaItem, alt_text: str) -> None:
    item.alt_text = alt_text.strip()
    item.save(update_fields=["alt_text"])


def scheduled_uses(item: MediaItem) -> int:
    """How many posts still waiting to go out use this image."""
    return item.uses.filter(post__status=PostStatus.SCHEDULED).count()


def delete(item: MediaItem) -> None:
    """Remove the image and its file, unless a scheduled post still needs it."""
    with transaction.atomic():
        if scheduled_uses(item):
            raise ValidationError(
                _(
                    "This image is used by a scheduled post. Cancel or change that post "
                    "before deleting the image."
                ),
                code="in_use",
            )
        name = item.file.name
        storage = item.file.storage
        convert.delete_variants(item)
        item.delete()
    if name:
        transaction.on_commit(lambda: storage.delete(name))
