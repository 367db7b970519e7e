"""``comptoir screenshots`` photographs every documented page at both widths."""

from __future__ import annotations

import struct

import pytest
from django.core.management import call_command

from comptoir.core.management.commands.screenshots import SIZES

pytestmark = pytest.mark.browser

PAGES = ("signin", "dashboard", "inbox", "team", "status")


def png_size(data: bytes) -> tuple[int, int]:
    assert data[:8] == b"\x89PNG\r\n\x1a\n", "not a PNG file"
    width, height = struct.unpack(">II", data[16:24])
    return width, height


def test_the_command_photographs_each_page_at_each_size(chromium_path, tmp_path):
    # The command works in a temporary data folder of its own, in a child process: the
    # test database is not involved.
    call_command("screenshots", out=str(tmp_path))

    expected = {f"{page}-{size.name}.png": size for page in PAGES for size in SIZES}
    assert sorted(path.name for path in tmp_path.iterdir()) == sorted(expected)
    for name, size in expected.items():
        data = (tmp_path / name).read_bytes()
        assert png_size(data) == (size.width, size.height), name
        assert len(data) > 10_000, f"{name} looks blank"
