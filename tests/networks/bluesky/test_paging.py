"""Newest-first lists read incrementally: nothing twice, nothing lost, bursts resumed."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta

from comptoir.networks.bluesky.paging import OVERLAP, Entry, load, read_newer

T0 = datetime(2026, 11, 26, 9, 0, tzinfo=UTC)


class Listing:
    """A newest-first list served in pages, like listNotifications."""

    def __init__(self, page_size: int = 3) -> None:
        self.entries: list[Entry] = []
        self.page_size = page_size
        self.fetches = 0

    def add(self, name: str, seconds: float) -> Entry:
        entry = Entry(f"at://x/{name}", T0 + timedelta(seconds=seconds), name)
        self.entries.append(entry)
        return entry

    def fetch(self, page: str | None) -> tuple[list[Entry], str | None]:
        """A page below ``page`` (a time, as Bluesky's own cursors are)."""
        self.fetches += 1
        ordered = sorted(self.entries, key=lambda e: e.at, reverse=True)
        if page is not None:
            ordered = [e for e in ordered if e.at < datetime.fromisoformat(page)]
        chunk = ordered[: self.page_size]
        more = len(ordered) > self.page_size
        return chunk, chunk[-1].at.isoformat() if more else None


def names(entries: list[Entry]) -> list[str]:
    return [entry.value for entry in entries]


def test_first_read_takes_the_latest_page_only() -> None:
    listing = Listing()
    for i in range(5):
        listing.add(f"n{i}", i)
    entries, cursor = read_newer(listing.fetch, None)
    assert names(entries) == ["n2", "n3", "n4"]  # oldest first
    assert listing.fetches == 1
    assert json.loads(cursor)["top"] == "2026-11-26T09:00:04Z"
    assert read_newer(listing.fetch, cursor)[0] == []


def test_an_empty_first_read_still_gives_a_cursor() -> None:
    listing = Listing()
    entries, cursor = read_newer(listing.fetch, None)
    assert entries == [] and cursor
    listing.add("first", 1)
    assert names(read_newer(listing.fetch, cursor)[0]) == ["first"]


def test_only_new_entries_are_returned() -> None:
    listing = Listing()
    listing.add("old", 0)
    _, cursor = read_newer(listing.fetch, None)
    for i in range(7):
        listing.add(f"new{i}", 10 + i)
    entries, cursor = read_newer(listing.fetch, cursor)
    assert names(entries) == [f"new{i}" for i in range(7)]
    assert read_newer(listing.fetch, cursor)[0] == []


def test_a_late_indexed_entry_below_the_top_is_still_delivered_once() -> None:
    listing = Listing()
    listing.add("a", 0)
    listing.add("b", 60)
    _, cursor = read_newer(listing.fetch, None)
    # Created before "b" but indexed after our read: listed below "b".
    listing.add("late", 30)
    entries, cursor = read_newer(listing.fetch, cursor)
    assert names(entries) == ["late"]
    assert read_newer(listing.fetch, cursor)[0] == []


def test_entries_older_than_the_overlap_are_not_read_again() -> None:
    listing = Listing(page_size=100)
    listing.add("ancient", 0)
    listing.add("recent", OVERLAP.total_seconds() + 60)
    _, cursor = read_newer(listing.fetch, None)
    assert list(json.loads(cursor)["seen"]) == ["at://x/recent"]  # the window only
    listing.add("newer", OVERLAP.total_seconds() + 120)
    assert names(read_newer(listing.fetch, cursor)[0]) == ["newer"]


def test_a_burst_larger_than_one_call_is_finished_on_the_next_calls() -> None:
    listing = Listing(page_size=2)
    listing.add("seen", 0)
    _, cursor = read_newer(listing.fetch, None)
    for i in range(9):
        listing.add(f"b{i}", 10 + i)
    delivered: list[str] = []
    entries, cursor = read_newer(listing.fetch, cursor, max_pages=2)
    assert len(entries) == 4  # two pages of two
    assert "resume" in json.loads(cursor)
    delivered.extend(names(entries))
    for _ in range(5):
        entries, cursor = read_newer(listing.fetch, cursor, max_pages=2)
        delivered.extend(names(entries))
    assert sorted(delivered) == sorted(f"b{i}" for i in range(9))
    assert len(delivered) == 9  # none twice
    assert "resume" not in json.loads(cursor)


def test_new_entries_during_a_resumed_burst_are_read_after_it() -> None:
    listing = Listing(page_size=2)
    _, cursor = read_newer(listing.fetch, None)
    for i in range(6):
        listing.add(f"b{i}", 10 + i)
    first, cursor = read_newer(listing.fetch, cursor, max_pages=1)
    assert names(first) == ["b4", "b5"]
    listing.add("during", 100)
    delivered = names(first)
    for _ in range(10):
        entries, cursor = read_newer(listing.fetch, cursor, max_pages=1)
        delivered.extend(names(entries))
    assert sorted(delivered) == sorted([*(f"b{i}" for i in range(6)), "during"])
    assert len(delivered) == 7


def test_cursor_formats() -> None:
    assert load(None) is None
    assert load("garbage") is None
    position = load("2026-11-26T09:00:00Z")  # a bare timestamp: newer than it
    assert position is not None and position.top == T0
    listing = Listing()
    listing.add("before", -10)
    listing.add("after", 10)
    assert "after" in names(read_newer(listing.fetch, "2026-11-26T09:00:00Z")[0])
