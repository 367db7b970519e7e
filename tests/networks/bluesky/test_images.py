"""Image sizes read from file headers, for the shape Bluesky shows."""

from __future__ import annotations

import base64
import struct

from comptoir.networks.bluesky.images import image_size
from tests.networks.bluesky.helpers import png

# Tiny real files: a 3x2 baseline JPEG, a 5x4 GIF, and 7x6 WebP in lossy, lossless and
# extended form (headers as their encoders write them, padded with zeros).
JPEG = (
    b"\xff\xd8\xff\xe0\x00\x10JFIF\x00\x01\x01\x00\x00\x01\x00\x01\x00\x00"
    b"\xff\xdb\x00\x06\x00\x01\x02\x03"
    b"\xff\xc0\x00\x11\x08\x00\x02\x00\x03\x03\x01\x22\x00\x02\x11\x01\x03\x11\x01"
    b"\xff\xda\x00\x02" + b"\x00" * 16
)
GIF = b"GIF89a\x05\x00\x04\x00\x80\x00\x00" + b"\x00" * 16


def webp(chunk: bytes, body: bytes) -> bytes:
    payload = b"WEBP" + chunk + struct.pack("<I", len(body)) + body
    return b"RIFF" + struct.pack("<I", len(payload)) + payload


def test_png() -> None:
    assert image_size(png(4, 3)) == (4, 3)


def test_jpeg_skips_segments_before_the_frame() -> None:
    assert image_size(JPEG) == (3, 2)


def test_gif() -> None:
    assert image_size(GIF) == (5, 4)


def test_webp_variants() -> None:
    lossy = webp(b"VP8 ", b"\x00\x00\x00\x9d\x01\x2a" + struct.pack("<HH", 7, 6) + b"\x00" * 8)
    bits = (7 - 1) | ((6 - 1) << 14)
    lossless = webp(b"VP8L", b"\x2f" + bits.to_bytes(4, "little") + b"\x00" * 8)
    extended = webp(
        b"VP8X", b"\x00\x00\x00\x00" + (6).to_bytes(3, "little") + (5).to_bytes(3, "little")
    )
    assert image_size(lossy) == (7, 6)
    assert image_size(lossless) == (7, 6)
    assert image_size(extended) == (7, 6)


def test_unknown_or_broken_headers() -> None:
    assert image_size(b"") is None
    assert image_size(b"not an image at all") is None
    assert image_size(base64.b64decode("iVBORw0KGgo=")) is None  # a PNG signature alone
    assert image_size(b"\xff\xd8\xff\xe0\x00") is None
