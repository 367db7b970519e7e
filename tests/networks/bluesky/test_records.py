"""Checks before sending, and record keys derived from idempotency keys."""

from __future__ import annotations

import pytest

from comptoir.networks.base import Media, OutgoingPost
from comptoir.networks.bluesky.records import (
    TID_PATTERN,
    check_post,
    encode_tid,
    languages,
    tid_for_key,
)
from comptoir.networks.errors import ErrorKind, NetworkError
from comptoir.networks.registry import get_network

LIMITS = get_network("bluesky").limits


def refused(post: OutgoingPost) -> NetworkError:
    with pytest.raises(NetworkError) as caught:
        check_post(post, LIMITS)
    assert not caught.value.outcome_unknown
    return caught.value


def image(size: int = 100, mime: str = "image/png", alt: str = "Une photo") -> Media:
    return Media(b"x" * size, mime, alt_text=alt, filename="photo.png")


def test_record_keys_are_valid_tids_fixed_by_the_key() -> None:
    keys = {tid_for_key(f"target-{i}") for i in range(2000)}
    assert len(keys) == 2000
    assert all(TID_PATTERN.fullmatch(key) for key in keys)
    assert tid_for_key("target-1") == tid_for_key("target-1")
    # The timestamp part lies in 2023-2024: never ahead of the keys the PDS makes now.
    assert all("3jl7442uk2222" <= key < "3kl7442uk2222" for key in keys)


def test_tid_encoding() -> None:
    assert encode_tid(0) == "2222222222222"
    assert encode_tid(2**63 - 1) == "bzzzzzzzzzzzz"


def test_text_limits_count_graphemes_and_bytes() -> None:
    assert refused(OutgoingPost(text="é" * 301)).kind is ErrorKind.VALIDATION
    check_post(OutgoingPost(text="é" * 300), LIMITS)


def test_bytes_limit() -> None:
    # 300 family emoji are 300 graphemes but 7,500 bytes: over the 3,000-byte limit.
    assert refused(OutgoingPost(text="👨‍👩‍👧‍👦" * 150)).kind is ErrorKind.VALIDATION


def test_empty_post_is_refused_unless_it_has_an_image() -> None:
    assert refused(OutgoingPost(text="  ")).kind is ErrorKind.VALIDATION
    check_post(OutgoingPost(text="", media=(image(),)), LIMITS)


def test_images_are_checked_before_sending() -> None:
    check_post(OutgoingPost(text="ok", media=(image(1_000_000),) * 4), LIMITS)
    assert refused(OutgoingPost(text="x", media=(image(1_000_001),))).kind is ErrorKind.VALIDATION
    assert refused(OutgoingPost(text="x", media=(image(),) * 5)).kind is ErrorKind.VALIDATION
    assert refused(OutgoingPost(text="x", media=(image(mime="video/mp4"),))).detail
    assert refused(OutgoingPost(text="x", media=(image(0),))).detail
    assert refused(OutgoingPost(text="x", media=(image(alt="a" * 2001),))).detail


def test_languages() -> None:
    assert languages({}) is None
    assert languages({"language": "fr"}) == ["fr"]
    assert languages({"langs": ["fr", "en-GB"]}) == ["fr", "en-GB"]
    with pytest.raises(NetworkError):
        languages({"langs": ["fr", "en", "de", "es"]})
    with pytest.raises(NetworkError):
        languages({"langs": ["français"]})
