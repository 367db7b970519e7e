"""Each network gets an image it accepts, made from the library's original.

The limits are the declared ones of ``comptoir.networks.limits`` (types, bytes, longest
side, pixel count). An original that already fits is sent untouched. Otherwise it is
scaled to fit, then saved in its own format when the network accepts it and it fits, else
as JPEG (transparent areas on white) at decreasing quality, and scaled down further
while it is still too heavy. An animated GIF that must change keeps its first frame.

Variants are cached on disk beside the library, one file per image and set of limits, so
publishing the same image again (a retry, another post) does no work.
"""

from __future__ import annotations

import hashlib
import io
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from PIL import Image

from comptoir.media.images import FORMATS, open_checked
from comptoir.media.models import EXTENSIONS, MediaItem
from comptoir.networks.base import Media
from comptoir.networks.limits import Limits
from comptoir.networks.registry import get_network

QUALITIES = (90, 82, 74, 66, 58, 50, 42)
SHRINK = 0.8
SMALLEST_SIDE = 64
PIL_FORMAT = {mime: name for name, mime in FORMATS.items()}
MIME_OF_EXTENSION = {extension: mime for mime, extension in EXTENSIONS.items()}
THUMBNAIL = Limits(
    max_text=0, media_max_bytes=200_000, image_max_side=480, media_types=("image/jpeg",)
)


class ConversionError(Exception):
    """No variant within the limits could be made (an image that cannot shrink enough)."""


@dataclass(frozen=True)
class Variant:
    content: bytes
    mime_type: str
    width: int
    height: int


def target_size(width: int, height: int, limits: Limits) -> tuple[int, int]:
    """The largest size within the limits, keeping the proportions."""
    scale = 1.0
    if limits.image_max_side and max(width, height) > limits.image_max_side:
        scale = limits.image_max_side / max(width, height)
    if limits.image_max_pixels and width * height * scale * scale > limits.image_max_pixels:
        scale = (limits.image_max_pixels / (width * height)) ** 0.5
    if scale >= 1.0:
        return width, height
    return max(1, int(width * scale)), max(1, int(height * scale))


def fits(data: bytes, mime_type: str, size: tuple[int, int], limits: Limits) -> bool:
    width, height = size
    return (
        mime_type in limits.media_types
        and len(data) <= limits.media_max_bytes
        and target_size(width, height, limits) == (width, height)
    )


def encode(image: Image.Image, mime_type: str, quality: int) -> bytes:
    output = io.BytesIO()
    if mime_type == "image/jpeg":
        if image.mode in ("RGBA", "LA", "P"):
            rgba = image.convert("RGBA")
            flat = Image.new("RGB", rgba.size, (255, 255, 255))
            flat.paste(rgba, mask=rgba.getchannel("A"))
            image = flat
        image.convert("RGB").save(output, "JPEG", quality=quality, optimize=True)
    elif mime_type == "image/png":
        image.save(output, "PNG", optimize=True)
    elif mime_type == "image/webp":
        image.save(output, "WEBP", quality=quality)
    else:
        image.save(output, "GIF")
    return output.getvalue()


def formats_to_try(source: str, limits: Limits) -> list[str]:
    """The source's own format when accepted, then JPEG, then anything else accepted."""
    order = [source, "image/jpeg", *limits.media_types]
    return [m for m in dict.fromkeys(order) if m in limits.media_types and m in PIL_FORMAT]


def convert(data: bytes, mime_type: str, limits: Limits) -> Variant:
    image = open_checked(data)
    if fits(data, mime_type, image.size, limits):
        return Variant(data, mime_type, image.width, image.height)
    image.seek(0)
    image.load()
    size = target_size(image.width, image.height, limits)
    candidates = formats_to_try(mime_type, limits)
    if not candidates:
        raise ConversionError(f"no accepted image type among {limits.media_types}")
    while True:
        resized = image if size == image.size else image.resize(size, Image.Resampling.LANCZOS)
        for candidate in candidates:
            qualities = QUALITIES if candidate in ("image/jpeg", "image/webp") else (0,)
            for quality in qualities:
                content = encode(resized, candidate, quality)
                if len(content) <= limits.media_max_bytes:
                    return Variant(content, candidate, resized.width, resized.height)
        if min(size) < SMALLEST_SIDE:
            break
        size = (max(1, int(size[0] * SHRINK)), max(1, int(size[1] * SHRINK)))
    raise ConversionError(f"cannot fit the image in {limits.media_max_bytes} bytes")


def cache_path(item: MediaItem, limits: Limits) -> Path:
    key = repr(
        (
            item.file.name,
            limits.media_max_bytes,
            limits.media_types,
            limits.image_max_side,
            limits.image_max_pixels,
        )
    )
    digest = hashlib.sha256(key.encode()).hexdigest()[:20]
    return Path(settings.MEDIA_ROOT) / "variants" / str(item.workspace_id) / f"{item.pk}-{digest}"


def variant(item: MediaItem, limits: Limits) -> Variant:
    """The image within ``limits``, from the cache when it was made before."""
    base = cache_path(item, limits)
    for extension, mime_type in MIME_OF_EXTENSION.items():
        cached = base.with_suffix(extension)
        if cached.is_file():
            content = cached.read_bytes()
            with Image.open(io.BytesIO(content)) as image:
                return Variant(content, mime_type, image.width, image.height)
    with item.file.open("rb") as original:
        made = convert(original.read(), item.mime_type, limits)
    base.parent.mkdir(parents=True, exist_ok=True)
    target = base.with_suffix(EXTENSIONS[made.mime_type])
    partial = target.with_suffix(".part")
    partial.write_bytes(made.content)
    partial.replace(target)  # never a half-written file in the cache
    return made


def for_network(item: MediaItem, network: str, alt_text: str) -> Media:
    """What a connector uploads for this network: converted bytes and the description."""
    made = variant(item, get_network(network).limits)
    stem = Path(item.original_name).stem or "image"
    return Media(
        content=made.content,
        mime_type=made.mime_type,
        alt_text=alt_text,
        filename=f"{stem}{EXTENSIONS[made.mime_type]}",
    )


def delete_variants(item: MediaItem) -> None:
    folder = Path(settings.MEDIA_ROOT) / "variants" / str(item.workspace_id)
    for path in folder.glob(f"{item.pk}-*"):
        path.unlink(missing_ok=True)
