"""Addresses from the networks become links only when they are web addresses."""

from __future__ import annotations

import pytest

from comptoir.core.links import safe_link


@pytest.mark.parametrize(
    ("url", "link"),
    [
        ("https://bsky.app/profile/a/post/1", "https://bsky.app/profile/a/post/1"),
        ("  HTTP://example.org/x  ", "HTTP://example.org/x"),
        ("/w/boulangerie/sandbox/posts/3/", "/w/boulangerie/sandbox/posts/3/"),
        ("javascript:alert(1)", ""),
        ("JaVaScRiPt:alert(1)", ""),
        ("data:text/html,<script>alert(1)</script>", ""),
        ("//evil.example/", ""),
        ("/\\evil.example/", ""),
        ("https:///no-host", ""),
        ("", ""),
    ],
)
def test_only_web_addresses_and_own_pages_become_links(url, link):
    assert safe_link(url) == link
