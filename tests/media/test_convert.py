"""Each network gets an image within its declared limits, made once and then cached."""

from __future__ import annotations

import io

import pytest
from django.core.files.base import ContentFile
from PIL import Image

from comptoir.media import convert
from comptoir.networks.limits import Limits
from comptoir.networks.registry import get_network
from tests.media.factories import MediaItemFactory, image_bytes

pytestmark = pytest.mark.django_db


def noisy(width: int, height: int, fmt: str = "JPEG", mode: str = "RGB") -> bytes:
    """A photo-like image that does not compress well (random grain)."""
    image = Image.effect_noise((width, height), 90).convert(mode)
    output = io.BytesIO()
    image.save(output, fmt, **({"quality": 95} if fmt == "JPEG" else {}))
    return output.getvalue()


def item_of(workspace, data: bytes, mime_type: str, name: str = "photo"):
    with Image.open(io.BytesIO(data)) as image:
        width, height = image.size
    return MediaItemFactory(
        workspace=workspace,
        file=ContentFile(data, name=name),
        mime_type=mime_type,
        width=width,
        height=height,
        original_name=name,
    )


def size_of(content: bytes) -> tuple[str, tuple[int, int]]:
    with Image.open(io.BytesIO(content)) as image:
        return str(image.format), image.size


def test_bluesky_gets_a_jpeg_under_1_mb_and_2000_px():
    limits = get_network("bluesky").limits
    original = noisy(3000, 2000)
    assert len(original) > 2_000_000

    made = convert.convert(original, "image/jpeg", limits)

    assert made.mime_type == "image/jpeg"
    assert len(made.content) <= 1_000_000
    fmt, (width, height) = size_of(made.content)
    assert fmt == "JPEG" and max(width, height) <= 2000
    assert abs(width / height - 1.5) < 0.01  # the proportions are kept


def test_a_png_too_heavy_for_bluesky_becomes_a_jpeg_on_white():
    limits = get_network("bluesky").limits
    original = noisy(1200, 1200, "PNG", "RGBA")
    assert len(original) > 1_000_000
    made = convert.convert(original, "image/png", limits)
    assert made.mime_type == "image/jpeg" and len(made.content) <= 1_000_000


def test_mastodon_scales_only_beyond_its_pixel_limit():
    limits = get_network("mastodon").limits
    small = image_bytes(800, 600, "PNG")
    assert convert.convert(small, "image/png", limits).content == small  # untouched

    wide = Limits(max_text=500, media_max_bytes=16_000_000, image_max_pixels=1_000_000)
    made = convert.convert(image_bytes(2000, 1000, "PNG"), "image/png", wide)
    fmt, (width, height) = size_of(made.content)
    assert fmt == "PNG" and width * height <= 1_000_000 and width == 2 * height
    assert limits.image_max_pixels == 33_177_600


def test_a_type_the_network_refuses_is_converted():
    jpeg_only = Limits(max_text=10, media_types=("image/jpeg",))
    made = convert.convert(image_bytes(50, 40, "WEBP"), "image/webp", jpeg_only)
    assert made.mime_type == "image/jpeg" and size_of(made.content) == ("JPEG", (50, 40))


def test_an_image_that_cannot_fit_is_an_error():
    tiny = Limits(max_text=10, media_max_bytes=100, media_types=("image/png",))
    with pytest.raises(convert.ConversionError):
        convert.convert(noisy(300, 300, "PNG"), "image/png", tiny)


def test_variants_are_cached_per_network(workspace, monkeypatch):
    item = item_of(workspace, noisy(2400, 1600), "image/jpeg", "four.jpg")

    first = convert.for_network(item, "bluesky", "Un four à pain")
    assert first.mime_type == "image/jpeg" and first.alt_text == "Un four à pain"
    assert first.filename == "four.jpg" and len(first.content) <= 1_000_000

    def no_work(*args, **kwargs):
        raise AssertionError("the cached variant should have been used")

    monkeypatch.setattr(convert, "convert", no_work)
    assert convert.for_network(item, "bluesky", "Un four à pain").content == first.content
    with pytest.raises(AssertionError):
        convert.for_network(item, "mastodon", "autre réseau, autre variante")

    convert.delete_variants(item)
    with pytest.raises(AssertionError):
        convert.for_network(item, "bluesky", "plus de cache")
