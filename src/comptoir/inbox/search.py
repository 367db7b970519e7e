"""Full-text search over message texts, with each database's own index.

SQLite keeps an FTS5 table beside ``inbox_message``, filled by triggers (tokenizer
``unicode61 remove_diacritics 2``: "gateau" finds "gâteau"); every word of the query must
appear in one message, as a word or the start of one ("croiss" finds "croissants").

PostgreSQL keeps the French and the English ``tsvector`` of the text in a generated
column (``search_vector``) with a GIN index, and
the query is read with both configurations (``plainto_tsquery``), so "croissants" finds
"croissant" and "ordered" finds "order": stemming in both languages. The index covers the
first 20,000 characters: a tsvector has a size limit, and a hostile 100,000-character
message must still be stored. Accents are folded on both sides, so "gateau" finds "gâteau"
there too.

The migrations ``0006_full_text_search``, ``0007_search_without_accents`` and
``0011_search_vector_column`` create what each database needs;
:func:`ensure_sqlite_index` re-creates the SQLite triggers after Django rebuilds the
message table (SQLite alters a table by copying it, which drops its triggers).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from typing import Any

from django.db import connection as default_connection
from django.db import transaction
from django.db.backends.base.base import BaseDatabaseWrapper
from django.db.models import QuerySet

from comptoir.inbox.models import Conversation

FTS_TABLE = "inbox_message_fts"
PG_COLUMN = "search_vector"
PG_INDEX = "inbox_message_search_vector"
# Indexes of earlier versions, dropped by the migration that replaced them.
PG_OLD_INDEXES = ("inbox_message_text_search", "inbox_message_search_unaccented")
# PostgreSQL's stemmers keep accents, and people often type without them: both the text
# and the query are folded with translate(), which (unlike the unaccent extension) is
# immutable, so it can sit in an index and needs no extension.
ACCENTED = "àáâãäåèéêëìíîïòóôõöùúûüýÿçñœæÀÁÂÃÄÅÈÉÊËÌÍÎÏÒÓÔÕÖÙÚÛÜÝÇÑŒÆ"
PLAIN = "aaaaaaeeeeiiiiooooouuuuyycnoaAAAAAAEEEEIIIIOOOOOUUUUYCNOA"
FOLDED_TEXT = f"translate(left(text, 20000), '{ACCENTED}', '{PLAIN}')"
FOLDED_QUERY = f"translate(%s, '{ACCENTED}', '{PLAIN}')"
# Stored in a generated column: checking a message against a query is then cheap enough
# to walk the newest messages first, and PostgreSQL keeps statistics on its words.
PG_VECTOR = (
    f"(to_tsvector('french'::regconfig, {FOLDED_TEXT}) || "
    f"to_tsvector('english'::regconfig, {FOLDED_TEXT}))"
)
PG_QUERY = (
    f"(plainto_tsquery('french'::regconfig, {FOLDED_QUERY}) || "
    f"plainto_tsquery('english'::regconfig, {FOLDED_QUERY}))"
)
# Built from the constants above only; what a person types travels as parameters. The
# ordered queries read the workspace's matching messages newest first, from an id down.
PG_MATCHES = (
    "SELECT id, conversation_id FROM inbox_message WHERE workspace_id = %s "  # noqa: S608
    f"AND id >= %s AND id < %s AND {PG_COLUMN} @@ {PG_QUERY} ORDER BY id DESC LIMIT %s"
)
# Some matches in any order, read through the full-text index only.
PG_SOME_MATCHES = (
    "SELECT id, conversation_id FROM inbox_message WHERE workspace_id = %s "  # noqa: S608
    f"AND id < %s AND {PG_COLUMN} @@ {PG_QUERY} LIMIT %s"
)
PG_WINDOW = 20_000
PG_FEW = 2000
SQLITE_MATCHES = (
    "SELECT m.id, m.conversation_id FROM inbox_message_fts f "
    "JOIN inbox_message m ON m.id = f.rowid "
    "WHERE f.inbox_message_fts MATCH %s AND f.rowid < %s AND m.workspace_id = %s "
    "ORDER BY f.rowid DESC LIMIT %s"
)
FIRST_BATCH = 200
LARGEST_BATCH = 20_000
NO_ID_ABOVE = 2**62
MAX_QUERY = 200
WORD = re.compile(r"\w+", re.UNICODE)

SQLITE_TRIGGERS = (
    """CREATE TRIGGER IF NOT EXISTS inbox_message_fts_insert AFTER INSERT ON inbox_message
    BEGIN
      INSERT INTO inbox_message_fts(rowid, text) VALUES (new.id, new.text);
    END""",
    """CREATE TRIGGER IF NOT EXISTS inbox_message_fts_delete AFTER DELETE ON inbox_message
    BEGIN
      INSERT INTO inbox_message_fts(inbox_message_fts, rowid, text)
      VALUES ('delete', old.id, old.text);
    END""",
    """CREATE TRIGGER IF NOT EXISTS inbox_message_fts_update AFTER UPDATE OF text
    ON inbox_message BEGIN
      INSERT INTO inbox_message_fts(inbox_message_fts, rowid, text)
      VALUES ('delete', old.id, old.text);
      INSERT INTO inbox_message_fts(rowid, text) VALUES (new.id, new.text);
    END""",
)


def matching_ids(
    conversations: QuerySet[Conversation], workspace_id: int, q: str, count: int, skip: int = 0
) -> list[int]:
    """Up to ``count`` conversations of ``conversations`` with a message matching ``q``.

    Every word of ``q`` must appear in one message. Conversations come by their newest
    matching message, newest first, after the first ``skip`` of them: the database reads
    its full-text index in message order and stops as soon as the page is full, so a
    common word in a million messages costs as little as a rare one.
    """
    words = WORD.findall(q[:MAX_QUERY])
    if not words:
        return []
    found: list[int] = []
    seen: set[int] = set()
    for rows in _match_batches(workspace_id, words):
        candidates = list(dict.fromkeys(c for _, c in rows if c not in seen))
        seen.update(candidates)
        # Unordered, so the database fetches the candidates by id instead of walking an
        # ordered index of the whole workspace.
        passing = conversations.filter(pk__in=candidates).order_by()
        kept = set(passing.values_list("pk", flat=True))
        found += [pk for pk in candidates if pk in kept]
        if len(found) >= skip + count:
            break
    return found[skip : skip + count]


Matches = list[tuple[int, int]]


def _match_batches(workspace_id: int, words: list[str]) -> Iterator[Matches]:
    """(message id, conversation id) of the matching messages, newest first, in batches."""
    vendor = default_connection.vendor
    if vendor == "postgresql":
        yield from _pg_batches(workspace_id, " ".join(words))
    elif vendor == "sqlite":
        # Each word quoted (nothing in it is FTS syntax) and matched as a prefix.
        expression = " ".join(f'"{word}"*' for word in words)
        yield from _batches(
            SQLITE_MATCHES, lambda below, limit: (expression, below, workspace_id, limit)
        )
    else:  # pragma: no cover - Comptoir supports SQLite and PostgreSQL only
        raise NotImplementedError(vendor)


def _batches(
    sql: str, params: Callable[[int, int], tuple[Any, ...]], below: int = NO_ID_ABOVE
) -> Iterator[Matches]:
    """An ordered query (parameters ``params(below, limit)``), batch after batch down the
    ids; batches grow, so a selective filter over a common word costs a few queries."""
    limit = FIRST_BATCH
    while True:
        with default_connection.cursor() as cursor:
            cursor.execute(sql, params(below, limit))
            rows = [(message, conversation) for message, conversation in cursor.fetchall()]
        if rows:
            yield rows
        if len(rows) < limit:
            return
        below, limit = rows[-1][0], min(limit * 4, LARGEST_BATCH)


def _pg_batches(workspace_id: int, text: str) -> Iterator[Matches]:
    """PostgreSQL: walk the newest messages first, then ask the full-text index.

    For a common word, walking the newest messages fills a page at once. But PostgreSQL
    only guesses how common a word is, and for a rare one (a name, a typo) the walk
    would read every message. So it first covers the newest ``PG_WINDOW`` ids only;
    beyond them, the full-text index alone says whether the older matches are few, and
    then gives them all at once.
    """
    with default_connection.cursor() as cursor:
        cursor.execute("SELECT max(id) FROM inbox_message")
        newest = cursor.fetchone()[0]
    if newest is None:
        return
    start = max(newest - PG_WINDOW, 0)

    def recent(below: int, limit: int) -> tuple[Any, ...]:
        return (workspace_id, start, below, text, text, limit)

    def older(below: int, limit: int) -> tuple[Any, ...]:
        return (workspace_id, 0, below, text, text, limit)

    yield from _batches(PG_MATCHES, recent)
    few = _pg_few_matches(workspace_id, text, below=start)
    if few is not None:
        if few:
            yield sorted(few, reverse=True)
        return
    yield from _batches(PG_MATCHES, older, below=start)


def _pg_few_matches(workspace_id: int, text: str, below: int) -> Matches | None:
    """Every match below this id when there are at most ``PG_FEW``, else None.

    The planner is told to use the full-text index and nothing else for this question:
    a rare word's matches come at once, a common word stops the reading after PG_FEW.
    """
    with transaction.atomic(), default_connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = off")
        cursor.execute("SET LOCAL enable_indexscan = off")
        cursor.execute(PG_SOME_MATCHES, (workspace_id, below, text, text, PG_FEW + 1))
        rows = cursor.fetchall()
    if len(rows) > PG_FEW:
        return None
    return [(message, conversation) for message, conversation in rows]


def create_index(connection: BaseDatabaseWrapper) -> None:
    """Create this database's full-text index over existing and future messages."""
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            for name in PG_OLD_INDEXES:
                cursor.execute(f"DROP INDEX IF EXISTS {name}")
            cursor.execute(
                f"ALTER TABLE inbox_message ADD COLUMN IF NOT EXISTS {PG_COLUMN} tsvector "
                f"GENERATED ALWAYS AS ({PG_VECTOR}) STORED"
            )
            cursor.execute(
                f"CREATE INDEX IF NOT EXISTS {PG_INDEX} ON inbox_message USING GIN ({PG_COLUMN})"
            )
        elif connection.vendor == "sqlite":
            cursor.execute(
                f"CREATE VIRTUAL TABLE IF NOT EXISTS {FTS_TABLE} USING fts5(text, "
                "content='inbox_message', content_rowid='id', "
                "tokenize='unicode61 remove_diacritics 2')"
            )
            ensure_sqlite_index(connection, rebuild=True)


def drop_index(connection: BaseDatabaseWrapper) -> None:
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            for name in (PG_INDEX, *PG_OLD_INDEXES):
                cursor.execute(f"DROP INDEX IF EXISTS {name}")
            cursor.execute(f"ALTER TABLE inbox_message DROP COLUMN IF EXISTS {PG_COLUMN}")
        elif connection.vendor == "sqlite":
            for suffix in ("insert", "delete", "update"):
                cursor.execute(f"DROP TRIGGER IF EXISTS {FTS_TABLE}_{suffix}")
            cursor.execute(f"DROP TABLE IF EXISTS {FTS_TABLE}")


def ensure_sqlite_index(connection: BaseDatabaseWrapper, *, rebuild: bool = False) -> None:
    """Put back missing triggers, and re-read every message when any was missing."""
    if connection.vendor != "sqlite":
        return
    with connection.cursor() as cursor:
        cursor.execute("SELECT name FROM sqlite_master WHERE name = %s", [FTS_TABLE])
        if cursor.fetchone() is None:
            return  # before the migration that creates it, or after it was reversed
        cursor.execute(
            "SELECT count(*) FROM sqlite_master WHERE type = 'trigger' AND name LIKE %s",
            [f"{FTS_TABLE}_%"],
        )
        missing = cursor.fetchone()[0] < len(SQLITE_TRIGGERS)
        for statement in SQLITE_TRIGGERS:
            cursor.execute(statement)
        if missing or rebuild:
            cursor.execute("INSERT INTO inbox_message_fts(inbox_message_fts) VALUES ('rebuild')")


def repair_after_migrate(using: str = "default", **kwargs: Any) -> None:
    """``post_migrate`` receiver: a migration that rebuilt the message table lost the triggers."""
    from django.db import connections

    ensure_sqlite_index(connections[using])
