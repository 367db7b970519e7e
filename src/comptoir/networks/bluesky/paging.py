"""Reading newest-first lists (notifications, search) incrementally, without gaps.

Bluesky lists notifications and search results newest first, and its cursors only go
backwards in time. So a read starts at the top and goes down, page by page, until it
reaches what the previous read had seen: the point stored in our cursor is the newest
``indexedAt`` delivered.

Two details make this exact:

- An entry is listed at the *earlier* of its creation and indexing times, and the AppView
  indexes a few seconds (sometimes minutes) after creation, so a late entry can appear
  just below the newest one already seen. Each read therefore looks ``OVERLAP`` further
  down, and the cursor remembers the entries seen in that window so none is given twice.
- A read stops after ``max_pages``. When it stopped before reaching the stored point, the
  cursor keeps the network's own page cursor and the rest is read on the next call, so a
  burst of notifications after a long pause is read completely.

The cursor is a small JSON document: ``{"top": newest indexedAt, "seen": {uri: indexedAt}}``
plus, while older entries remain to be read, ``"resume": {"page", "floor", "seen"}``; after
a first read, ``"floor"`` keeps the entries older than its page from being read later.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Any

OVERLAP = timedelta(minutes=15)


@dataclass(frozen=True)
class Entry:
    key: str  # the entry's at:// URI
    at: datetime  # when it is listed (indexedAt)
    value: Any


@dataclass
class Position:
    top: datetime | None = None
    # Set by a first read: what is older than its page was never to be delivered.
    floor: datetime | None = None
    seen: dict[str, datetime] = field(default_factory=dict)
    resume_page: str | None = None
    resume_floor: datetime | None = None
    resume_seen: dict[str, datetime] = field(default_factory=dict)


Fetch = Callable[[str | None], tuple[list[Entry], str | None]]


def moment(value: Any) -> datetime:
    """A timezone-aware datetime from an AT Protocol datetime string."""
    if isinstance(value, datetime):
        return value if value.tzinfo else value.replace(tzinfo=UTC)
    try:
        parsed = datetime.fromisoformat(str(value).replace("Z", "+00:00"))
    except ValueError:
        return datetime.now(UTC)
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=UTC)


def _times(data: Any) -> dict[str, datetime]:
    if not isinstance(data, dict):
        return {}
    return {str(key): moment(value) for key, value in data.items()}


def load(cursor: str | None) -> Position | None:
    """The position a cursor stands for; ``None`` for a first read."""
    if not cursor:
        return None
    try:
        data = json.loads(cursor)
    except ValueError:
        data = None
    if not isinstance(data, dict):
        # A bare timestamp (or anything else): read what is newer than it.
        return Position(top=moment(cursor)) if cursor[:1].isdigit() else None
    resume = data.get("resume") if isinstance(data.get("resume"), dict) else None
    return Position(
        top=moment(data["top"]) if data.get("top") else None,
        floor=moment(data["floor"]) if data.get("floor") else None,
        seen=_times(data.get("seen")),
        resume_page=str(resume["page"]) if resume and resume.get("page") else None,
        resume_floor=moment(resume["floor"]) if resume and resume.get("floor") else None,
        resume_seen=_times(resume.get("seen")) if resume else {},
    )


def _iso(value: datetime) -> str:
    return value.astimezone(UTC).isoformat().replace("+00:00", "Z")


def dump(position: Position) -> str:
    data: dict[str, Any] = {
        "top": _iso(position.top) if position.top else None,
        "seen": {key: _iso(at) for key, at in sorted(position.seen.items())},
    }
    if position.floor:
        data["floor"] = _iso(position.floor)
    if position.resume_page:
        data["resume"] = {
            "page": position.resume_page,
            "floor": _iso(position.resume_floor) if position.resume_floor else None,
            "seen": {key: _iso(at) for key, at in sorted(position.resume_seen.items())},
        }
    return json.dumps(data, separators=(",", ":"))


def _walk(
    fetch: Fetch,
    page: str | None,
    floor: datetime | None,
    seen: dict[str, datetime],
    max_pages: int,
) -> tuple[list[Entry], str | None]:
    """Entries above ``floor`` not in ``seen``, from ``page`` down; and where it stopped
    (``None`` once the floor or the end of the list was reached)."""
    found: dict[str, Entry] = {}
    for _ in range(max_pages):
        entries, next_page = fetch(page)
        reached = not entries or not next_page
        for entry in entries:
            if floor is not None and entry.at < floor:
                reached = True
                continue
            if entry.key not in seen:
                found.setdefault(entry.key, entry)
        if reached:
            return list(found.values()), None
        page = next_page
    return list(found.values()), page


def _oldest_first(entries: list[Entry]) -> list[Entry]:
    return sorted(entries, key=lambda entry: entry.at)


def read_newer(fetch: Fetch, cursor: str | None, *, max_pages: int = 10) -> tuple[list[Entry], str]:
    """What is new since ``cursor``, oldest first, and the cursor for next time.

    ``fetch(page)`` returns one page (newest first) and the cursor of the next, older page.
    Without a cursor, only the latest page is read.
    """
    position = load(cursor)
    if position is None:
        entries, _next = fetch(None)
        start = _advance(Position(), entries)
        start.floor = min((entry.at for entry in entries), default=None)
        return _oldest_first(entries), dump(start)
    if position.resume_page:
        floor = position.resume_floor - OVERLAP if position.resume_floor else None
        floor = _highest(floor, position.floor)
        seen = {**position.resume_seen, **position.seen}
        entries, page = _walk(fetch, position.resume_page, floor, seen, max_pages)
        position.resume_page = page
        if page is None:
            position.resume_floor, position.resume_seen = None, {}
        # What was just delivered may still be in the window below the top.
        window = position.top - OVERLAP if position.top else None
        position.seen.update(
            {entry.key: entry.at for entry in entries if window is None or entry.at >= window}
        )
        return _oldest_first(entries), dump(position)
    floor = _highest(position.top - OVERLAP if position.top else None, position.floor)
    entries, page = _walk(fetch, None, floor, position.seen, max_pages)
    advanced = _advance(position, entries)
    if position.floor and advanced.top and advanced.top - OVERLAP < position.floor:
        advanced.floor = position.floor
    if page is not None:
        # Stopped before reaching what was seen: the rest comes on the next call.
        advanced.resume_page = page
        advanced.resume_floor = position.top
        advanced.resume_seen = dict(position.seen)
    return _oldest_first(entries), dump(advanced)


def _highest(*moments: datetime | None) -> datetime | None:
    present = [moment for moment in moments if moment is not None]
    return max(present) if present else None


def _advance(position: Position, entries: list[Entry]) -> Position:
    """The position once ``entries`` are delivered: a newer top, the window's keys."""
    tops = [entry.at for entry in entries]
    if position.top is not None:
        tops.append(position.top)
    top = max(tops) if tops else None
    seen = {**position.seen, **{entry.key: entry.at for entry in entries}}
    if top is not None:
        seen = {key: at for key, at in seen.items() if at >= top - OVERLAP}
    return Position(top=top, seen=seen)
