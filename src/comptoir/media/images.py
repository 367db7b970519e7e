"""Checking an uploaded file and cleaning it before it enters the library.

Only what Pillow recognises as a JPEG, PNG, WebP or GIF image is kept, whatever the file's
name or the browser's declared type. The pixel count is read from the header and checked
*before* decoding, so a small file that would unpack into gigabytes (a decompression bomb)
is refused without using that memory. Photos are turned upright (EXIF orientation) and
saved again without their metadata: EXIF often carries the place a photo was taken and
the phone that took it, which a business should not publish by accident.
"""

from __future__ import annotations

import io
from dataclasses import dataclass
from typing import IO

from django.core.exceptions import ValidationError
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _
from PIL import Image, ImageOps, UnidentifiedImageError

MAX_UPLOAD_BYTES = 20 * 1024 * 1024
# 50 megapixels: more than any phone photo, far less than a bomb (about 200 MB decoded).
MAX_PIXELS = 50_000_000
FORMATS = {"JPEG": "image/jpeg", "PNG": "image/png", "WEBP": "image/webp", "GIF": "image/gif"}
JPEG_QUALITY = 90


@dataclass(frozen=True)
class CleanImage:
    content: bytes
    mime_type: str
    width: int
    height: int


def open_checked(data: bytes) -> Image.Image:
    """The image in ``data``, header read and checked; refused with a reason otherwise."""
    try:
        image = Image.open(io.BytesIO(data))
    except Image.DecompressionBombError:
        raise ValidationError(
            _("This image has too many pixels: at most %(limit)s million are accepted.")
            % {"limit": MAX_PIXELS // 1_000_000},
            code="too_many_pixels",
        ) from None
    except (UnidentifiedImageError, OSError, ValueError):
        raise ValidationError(
            _("This file is not an image Comptoir can read (JPEG, PNG, WebP or GIF)."),
            code="not_image",
        ) from None
    if image.format not in FORMATS:
        raise ValidationError(
            _("%(format)s images are not accepted: use JPEG, PNG, WebP or GIF.")
            % {"format": image.format or "?"},
            code="format",
        )
    width, height = image.size
    if width * height > MAX_PIXELS:
        raise ValidationError(
            _(
                "This image is %(width)s by %(height)s pixels; "
                "at most %(limit)s million pixels are accepted."
            )
            % {"width": width, "height": height, "limit": MAX_PIXELS // 1_000_000},
            code="too_many_pixels",
        )
    return image


def read_upload(upload: IO[bytes], size: int | None) -> bytes:
    if size is not None and size > MAX_UPLOAD_BYTES:
        raise too_large()
    data = upload.read(MAX_UPLOAD_BYTES + 1)
    if len(data) > MAX_UPLOAD_BYTES:
        raise too_large()
    if not data:
        raise ValidationError(_("The file is empty."), code="empty")
    return data


def too_large() -> ValidationError:
    return ValidationError(
        _("The file is too large: at most %(size)s.") % {"size": filesizeformat(MAX_UPLOAD_BYTES)},
        code="too_large",
    )


def clean(data: bytes) -> CleanImage:
    """The image re-encoded upright and without metadata (animated GIFs keep their frames)."""
    image = open_checked(data)
    mime_type = FORMATS[str(image.format)]
    try:
        if mime_type == "image/gif":
            return clean_gif(image)
        image.load()
        upright = ImageOps.exif_transpose(image)
        output = io.BytesIO()
        if mime_type == "image/jpeg":
            upright.convert("RGB").save(output, "JPEG", quality=JPEG_QUALITY, optimize=True)
        elif mime_type == "image/png":
            upright.save(output, "PNG", optimize=True)
        else:
            upright.save(output, "WEBP", quality=JPEG_QUALITY)
    except (OSError, ValueError, Image.DecompressionBombError, SyntaxError):
        raise ValidationError(
            _("This image is damaged and cannot be read."), code="damaged"
        ) from None
    return CleanImage(output.getvalue(), mime_type, upright.width, upright.height)


def clean_gif(image: Image.Image) -> CleanImage:
    """GIFs carry no EXIF; saving them again drops comments and keeps the animation."""
    output = io.BytesIO()
    frames = getattr(image, "n_frames", 1)
    image.save(output, "GIF", save_all=frames > 1)
    return CleanImage(output.getvalue(), "image/gif", image.width, image.height)
