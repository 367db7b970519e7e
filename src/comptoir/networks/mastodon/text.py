"""Mastodon status HTML as plain text, and the comparisons built on it.

Statuses arrive as HTML rendered by the instance (paragraphs, line breaks, links whose
hidden parts hold the full URL). Comptoir shows and searches plain text; the HTML stays in
the raw payload. Matching a status with what Comptoir sent compares text with mentions
removed, because the instance renders ``@name@domain`` as ``@name`` and a reply gains the
mentions Comptoir adds.
"""

from __future__ import annotations

import html
import re
from datetime import date, datetime
from typing import Any

import nh3

PARAGRAPH_END = re.compile(r"<\s*/p\s*>", re.IGNORECASE)
LINE_BREAK = re.compile(r"<\s*br\s*/?\s*>", re.IGNORECASE)
SPACES = re.compile(r"[ \t\r\f\v\u00a0]+")
BLANK_LINES = re.compile(r"\n\s*\n+")
MENTION = re.compile(r"(?<![\w@])@[\w.-]+(?:@[\w.-]+\w)?", re.UNICODE)
WHITESPACE = re.compile(r"\s+")


def html_to_text(markup: str) -> str:
    """Plain text of a status: paragraphs separated by a blank line, breaks kept."""
    if not markup:
        return ""
    marked = LINE_BREAK.sub("\n", PARAGRAPH_END.sub("\n\n", markup))
    # No tag is allowed: nh3 keeps the text of every element (the hidden parts of a long
    # link included, so the URL comes back whole) and drops scripts with their content.
    text = html.unescape(nh3.clean(marked, tags=set()))
    lines = (SPACES.sub(" ", line).strip() for line in text.split("\n"))
    return BLANK_LINES.sub("\n\n", "\n".join(lines)).strip()


def comparable(text: str) -> str:
    """Text reduced to what survives the instance's rendering: no mentions, one space."""
    return WHITESPACE.sub(" ", MENTION.sub(" ", text)).strip().casefold()


def mentions_in(text: str) -> set[str]:
    """The accounts a text mentions, as lower-case ``name`` or ``name@domain``."""
    return {match.group(0)[1:].casefold() for match in MENTION.finditer(text)}


def with_mentions(text: str, accts: list[str]) -> str:
    """Prefix ``text`` with the mentions it lacks, so those people are notified."""
    present = mentions_in(text)
    present |= {mention.split("@")[0] for mention in present}
    missing = []
    for acct in accts:
        folded = acct.casefold()
        if folded not in present and folded.split("@")[0] not in present:
            missing.append(f"@{acct}")
            present.add(folded)
    return " ".join([*missing, text]) if missing else text


def json_safe(value: Any) -> Any:
    """The SDK's objects (dict subclasses holding datetimes) as plain JSON values."""
    if isinstance(value, dict):
        return {str(key): json_safe(item) for key, item in value.items()}
    if isinstance(value, list | tuple):
        return [json_safe(item) for item in value]
    if isinstance(value, datetime | date):
        return value.isoformat()
    if value is None or isinstance(value, str | int | float | bool):
        return value
    return str(value)


def id_order(remote_id: str) -> tuple[int, str]:
    """Sort key for Mastodon ids: numeric strings of varying length, newest largest."""
    return (len(remote_id), remote_id)


def is_newer(remote_id: str, cursor: str | None) -> bool:
    return cursor is None or id_order(remote_id) > id_order(cursor)
