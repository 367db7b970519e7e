"""Uploads: only real images of the accepted types, of a sane size, cleaned of metadata."""

from __future__ import annotations

import io
import struct
import zlib

import pytest
from django.core.exceptions import ValidationError
from PIL import Image

from comptoir.media import actions, images
from comptoir.media.models import MediaItem
from tests.media.factories import image_bytes

pytestmark = pytest.mark.django_db


def upload(workspace, data: bytes, name: str = "photo.jpg", alt: str = "") -> MediaItem:
    return actions.upload(
        workspace, None, io.BytesIO(data), name=name, size=len(data), alt_text=alt
    )


def refused(workspace, data: bytes, code: str) -> None:
    with pytest.raises(ValidationError) as error:
        upload(workspace, data)
    assert error.value.code == code
    assert not MediaItem.objects.exists()


def bomb_png(width: int, height: int) -> bytes:
    """A PNG whose header claims a huge size: a few hundred bytes on disk."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))

    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    rows = zlib.compress(b"\x00" * 1000)
    return (
        b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", rows) + chunk(b"IEND", b"")
    )


def test_a_photo_is_stored_with_its_size_and_description(workspace):
    item = upload(workspace, image_bytes(120, 80, "JPEG"), "Galette.JPG", "Une galette")
    assert (item.mime_type, item.width, item.height) == ("image/jpeg", 120, 80)
    assert item.original_name == "Galette.JPG"
    assert item.alt_text == "Une galette"
    assert item.file.name.startswith(f"library/{workspace.pk}/") and item.file.name.endswith(".jpg")
    assert item.size_bytes == item.file.size
    with item.file.open("rb") as stored, Image.open(stored) as image:
        assert image.format == "JPEG" and image.size == (120, 80)


def test_text_pretending_to_be_an_image_is_refused(workspace):
    refused(workspace, b"<svg onload=alert(1)>not a photo</svg>", "not_image")


def test_an_unaccepted_format_is_refused(workspace):
    refused(workspace, image_bytes(10, 10, "BMP"), "format")


def test_a_decompression_bomb_is_refused_before_decoding(workspace):
    data = bomb_png(8_000, 8_000)  # 64 million pixels, 192 MB once decoded
    assert len(data) < 1000
    refused(workspace, data, "too_many_pixels")


def test_a_bomb_beyond_pillows_own_limit_is_refused_too(workspace):
    refused(workspace, bomb_png(65_000, 65_000), "too_many_pixels")


def test_a_huge_file_is_refused_without_reading_it_all(workspace, monkeypatch):
    monkeypatch.setattr(images, "MAX_UPLOAD_BYTES", 10_000)
    big = image_bytes(400, 400, "PNG")
    noisy = io.BytesIO()
    Image.effect_noise((400, 400), 80).convert("RGB").save(noisy, "PNG")
    assert len(noisy.getvalue()) > 10_000 and len(big) < 10_000
    with pytest.raises(ValidationError) as error:
        actions.upload(workspace, None, io.BytesIO(noisy.getvalue()), name="x.png", size=None)
    assert error.value.code == "too_large"
    refused(workspace, b"", "empty")


def test_exif_is_removed_and_the_photo_turned_upright(workspace):
    exif = Image.Exif()
    exif[0x0112] = 6  # Orientation: the camera was turned; show it rotated 90° clockwise
    exif[0x010F] = "PhoneMaker"  # Make
    exif[0x8825] = {2: (48.0, 51.0, 0.0)}  # GPS latitude
    photo = io.BytesIO()
    Image.new("RGB", (200, 100), (200, 150, 90)).save(photo, "JPEG", exif=exif)
    with Image.open(io.BytesIO(photo.getvalue())) as original:
        assert original.getexif()[0x0112] == 6

    item = upload(workspace, photo.getvalue())

    assert (item.width, item.height) == (100, 200)
    with item.file.open("rb") as stored, Image.open(stored) as image:
        assert image.size == (100, 200)
        assert not image.getexif()
        assert "exif" not in image.info
    assert b"PhoneMaker" not in item.file.open("rb").read()


def test_an_animated_gif_keeps_its_frames(workspace):
    frames = [
        Image.new("RGB", (20, 20), color) for color in ((255, 0, 0), (0, 255, 0), (0, 0, 255))
    ]
    output = io.BytesIO()
    frames[0].save(output, "GIF", save_all=True, append_images=frames[1:], duration=100)
    item = upload(workspace, output.getvalue(), "anim.gif")
    assert item.mime_type == "image/gif"
    with item.file.open("rb") as stored, Image.open(stored) as image:
        assert image.n_frames == 3
