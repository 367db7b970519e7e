"""Building post records: checks before sending, facets, replies, images, record keys.

Record keys: Bluesky has no idempotency key, but a record's key (``rkey``) may be chosen
by the client. A post's key must be a TID (13 characters of a sortable base32). Deriving
it from the publication's idempotency key makes publishing idempotent: a repeated attempt
names the same record, which the PDS refuses because it exists (it answers 500), and the
record is then found by that key instead of by comparing texts.

A TID is normally a microsecond timestamp and a 10-bit clock id. The derived ones take
both from a hash of the idempotency key, with the timestamp placed in a fixed window in
the past (2023), so they never collide with the keys the PDS generates itself and never
claim to come from the future.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Sequence
from datetime import UTC, datetime
from typing import Any

from atproto import models

from comptoir.networks.base import Media, OutgoingPost
from comptoir.networks.bluesky.facets import Facet
from comptoir.networks.bluesky.images import image_size
from comptoir.networks.errors import ErrorKind, NetworkError
from comptoir.networks.limits import GRAPHEME, Limits, text_problems

POST = "app.bsky.feed.post"
TID_ALPHABET = "234567abcdefghijklmnopqrstuvwxyz"
TID_PATTERN = re.compile(r"[234567abcdefghij][234567abcdefghijklmnopqrstuvwxyz]{12}")
# 2023-01-01T00:00:00Z in microseconds, and a window of about 13 months after it.
TID_BASE_US = 1_672_531_200_000_000
TID_WINDOW_US = 2**45
MAX_LANGS = 3
LANGUAGE = re.compile(r"[a-zA-Z]{2,3}(-[a-zA-Z0-9]{1,8})*")


def encode_tid(value: int) -> str:
    chars = []
    for _ in range(13):
        chars.append(TID_ALPHABET[value & 31])
        value >>= 5
    return "".join(reversed(chars))


def tid_for_key(idempotency_key: str) -> str:
    """The record key a publication with this idempotency key always gets."""
    digest = hashlib.sha256(f"comptoir-rkey:{idempotency_key}".encode()).digest()
    timestamp = TID_BASE_US + int.from_bytes(digest[:6], "big") % TID_WINDOW_US
    clock_id = int.from_bytes(digest[6:8], "big") & 0x3FF
    return encode_tid((timestamp << 10) | clock_id)


def now_iso() -> str:
    return datetime.now(UTC).isoformat(timespec="milliseconds").replace("+00:00", "Z")


def languages(options: dict[str, Any]) -> list[str] | None:
    """The post's languages from ``options["langs"]`` or ``options["language"]``."""
    raw = options.get("langs")
    if raw is None and options.get("language"):
        raw = [options["language"]]
    if raw is None:
        return None
    langs = [str(lang) for lang in (raw if isinstance(raw, list | tuple) else [raw])]
    if len(langs) > MAX_LANGS or not all(LANGUAGE.fullmatch(lang) for lang in langs):
        raise NetworkError(ErrorKind.VALIDATION, f"invalid languages {langs!r}")
    return langs or None


def check_post(post: OutgoingPost, limits: Limits) -> None:
    """Refuse, before anything is sent, what Bluesky would refuse."""
    if not post.text.strip() and not post.media:
        raise NetworkError(ErrorKind.VALIDATION, "empty post")
    problems = text_problems(post.text, limits)
    if problems:
        raise NetworkError(ErrorKind.VALIDATION, f"text too long: {problems}")
    check_media(post.media, limits)


def check_media(media: Sequence[Media], limits: Limits) -> None:
    if len(media) > limits.max_media:
        raise NetworkError(ErrorKind.VALIDATION, f"{len(media)} images, at most {limits.max_media}")
    for item in media:
        if item.mime_type not in limits.media_types:
            raise NetworkError(ErrorKind.VALIDATION, f"{item.filename}: {item.mime_type} refused")
        if not item.content:
            raise NetworkError(ErrorKind.VALIDATION, f"{item.filename} is empty")
        if len(item.content) > limits.media_max_bytes:
            raise NetworkError(
                ErrorKind.VALIDATION,
                f"{item.filename} is {len(item.content)} bytes, at most {limits.media_max_bytes}",
            )
        if limits.alt_text_max and len(GRAPHEME.findall(item.alt_text)) > limits.alt_text_max:
            raise NetworkError(ErrorKind.VALIDATION, f"alt text of {item.filename} too long")


def facet_model(facet: Facet) -> models.AppBskyRichtextFacet.Main:
    feature: Any
    if facet.kind == "mention":
        feature = models.AppBskyRichtextFacet.Mention(did=facet.value)
    elif facet.kind == "link":
        feature = models.AppBskyRichtextFacet.Link(uri=facet.value)
    else:
        feature = models.AppBskyRichtextFacet.Tag(tag=facet.value)
    return models.AppBskyRichtextFacet.Main(
        index=models.AppBskyRichtextFacet.ByteSlice(
            byte_start=facet.byte_start, byte_end=facet.byte_end
        ),
        features=[feature],
    )


def strong_ref(uri: str, cid: str) -> models.ComAtprotoRepoStrongRef.Main:
    return models.ComAtprotoRepoStrongRef.Main(uri=uri, cid=cid)


def reply_ref(
    parent: models.ComAtprotoRepoStrongRef.Main, root: models.ComAtprotoRepoStrongRef.Main
) -> models.AppBskyFeedPost.ReplyRef:
    return models.AppBskyFeedPost.ReplyRef(parent=parent, root=root)


def aspect_ratio(item: Media) -> models.AppBskyEmbedDefs.AspectRatio | None:
    size = image_size(item.content)
    if size is None:
        return None
    return models.AppBskyEmbedDefs.AspectRatio(width=size[0], height=size[1])


def images_embed(blobs: Sequence[Any], media: Sequence[Media]) -> models.AppBskyEmbedImages.Main:
    """The images with their description and shape (so the app does not crop them)."""
    return models.AppBskyEmbedImages.Main(
        images=[
            models.AppBskyEmbedImages.Image(
                alt=item.alt_text, image=blob, aspect_ratio=aspect_ratio(item)
            )
            for blob, item in zip(blobs, media, strict=True)
        ]
    )


def post_record(
    text: str,
    *,
    facets: Sequence[Facet],
    langs: list[str] | None,
    reply: models.AppBskyFeedPost.ReplyRef | None,
    embed: models.AppBskyEmbedImages.Main | None,
) -> models.AppBskyFeedPost.Record:
    return models.AppBskyFeedPost.Record(
        text=text,
        created_at=now_iso(),
        facets=[facet_model(facet) for facet in facets] or None,
        langs=langs,
        reply=reply,
        embed=embed,
    )
