"""The inbox of a busy business, made up fast for ``comptoir bench web``.

N messages in conversations of one to eight messages, from a few thousand people on
several networks, with the spread of statuses, assignees, labels, sentiments and intents
a real inbox has, in French and English, over a year. Rows go in with bulk inserts in
chunks, one transaction per chunk; a workspace seeded with the same N is reused.
"""

from __future__ import annotations

import random
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

from django.db import connection, transaction
from django.db.models import Model

from comptoir.accounts.models import User
from comptoir.contacts.models import Person
from comptoir.core.progress import ProgressBar
from comptoir.inbox.models import Conversation, Label, Message, Note
from comptoir.workspaces.models import Membership, Workspace

CHUNK = 5000  # conversations per transaction
SLUG_PREFIX = "bench-web-"
USER_EMAIL = "bench-web@example.invalid"

FRENCH = [
    "bonjour",
    "merci",
    "pain",
    "croissant",
    "baguette",
    "gâteau",
    "anniversaire",
    "commande",
    "livraison",
    "demain",
    "dimanche",
    "ouvert",
    "fermé",
    "horaires",
    "allergie",
    "gluten",
    "chocolat",
    "framboise",
    "tarte",
    "réservation",
    "retard",
    "remboursement",
    "prix",
    "boutique",
    "vendeuse",
    "accueil",
    "délicieux",
    "excellent",
    "décevant",
    "froid",
    "brûlé",
    "rassis",
    "sucré",
    "salé",
    "vegan",
    "lactose",
    "mariage",
    "traiteur",
    "galette",
    "brioche",
    "viennoiserie",
    "matin",
    "soir",
    "samedi",
    "parking",
    "adresse",
    "téléphone",
    "photo",
    "commande",
    "urgente",
    "annulation",
]
ENGLISH = [
    "hello",
    "thanks",
    "bread",
    "croissant",
    "cake",
    "birthday",
    "order",
    "delivery",
    "tomorrow",
    "sunday",
    "open",
    "closed",
    "hours",
    "allergy",
    "gluten",
    "chocolate",
    "raspberry",
    "pie",
    "booking",
    "late",
    "refund",
    "price",
    "shop",
    "staff",
    "welcome",
    "delicious",
    "excellent",
    "disappointing",
    "cold",
    "burnt",
    "stale",
    "sweet",
    "savoury",
    "vegan",
    "wedding",
    "catering",
    "brioche",
    "pastry",
    "morning",
    "evening",
    "saturday",
    "parking",
    "address",
    "phone",
    "picture",
    "urgent",
]
FRENCH_GLUE = [
    "je",
    "vous",
    "le",
    "la",
    "les",
    "du",
    "des",
    "un",
    "une",
    "pour",
    "avec",
    "est",
    "très",
    "pas",
    "et",
    "mais",
]
ENGLISH_GLUE = [
    "i",
    "you",
    "the",
    "a",
    "an",
    "for",
    "with",
    "is",
    "very",
    "not",
    "and",
    "but",
    "my",
    "your",
]
NETWORKS = ("bluesky", "mastodon", "instagram", "facebook", "google_business", "sandbox")
STATUSES = (("done", 60), ("open", 15), ("new", 15), ("waiting", 10))
SENTIMENTS = (("neutral", 50), ("positive", 30), ("negative", 20))
INTENTS = (("", 30), ("question", 30), ("praise", 15), ("complaint", 10), ("purchase", 12))
LABELS = ("commande", "allergie", "livraison", "presse", "mariage", "réclamation", "vip", "b2b")
MEMBERS = 5


@dataclass
class Seeded:
    workspace_slug: str
    user_email: str
    messages: int
    conversations: int
    reused: bool
    seconds: float


def weighted(rng: random.Random, choices: Sequence[tuple[str, int]]) -> str:
    return rng.choices([c for c, _ in choices], weights=[w for _, w in choices])[0]


def sentence(rng: random.Random, french: bool) -> str:
    words, glue = (FRENCH, FRENCH_GLUE) if french else (ENGLISH, ENGLISH_GLUE)
    count = rng.randint(4, 22)
    return " ".join(rng.choice(words if rng.random() < 0.55 else glue) for _ in range(count))


def find_seeded(messages: int) -> Seeded | None:
    """The workspace seeded earlier with exactly this many messages, if complete."""

    workspace = Workspace.objects.filter(slug=f"{SLUG_PREFIX}{messages}").first()
    if workspace is None:
        return None
    if Message.objects.filter(workspace=workspace).count() != messages:
        drop_workspace(workspace)  # a run stopped half-way: start again
        return None
    conversations = Conversation.objects.filter(workspace=workspace).count()
    return Seeded(workspace.slug, USER_EMAIL, messages, conversations, True, 0.0)


def drop_workspace(workspace: Workspace) -> None:
    """Delete a seeded workspace row by row count, not object by object (far quicker)."""

    with transaction.atomic():
        Message.objects.filter(workspace=workspace)._raw_delete("default")
        Note.objects.filter(workspace=workspace)._raw_delete("default")
        Conversation.labels.through.objects.filter(conversation__workspace=workspace).delete()
        Conversation.objects.filter(workspace=workspace)._raw_delete("default")
        Label.objects.filter(workspace=workspace)._raw_delete("default")
        workspace.delete()


def seed(messages: int, seed_value: int = 1) -> Seeded:
    """Seed (or find) a workspace with ``messages`` messages; returns where it is."""
    import time

    found = find_seeded(messages)
    if found is not None:
        return found
    began = time.monotonic()

    rng = random.Random(seed_value)
    workspace = Workspace.objects.create(
        name=f"Bench web {messages}", slug=f"{SLUG_PREFIX}{messages}", response_target_minutes=120
    )
    user = User.objects.filter(email=USER_EMAIL).first() or User.objects.create_user(
        email=USER_EMAIL, password=None, full_name="Bench"
    )
    members = [Membership.objects.create(workspace=workspace, user=user, role="owner")]
    for n in range(MEMBERS - 1):
        colleague = User.objects.filter(email=f"bench-web-{n}@example.invalid").first()
        colleague = colleague or User.objects.create_user(
            email=f"bench-web-{n}@example.invalid", password=None, full_name=f"Collègue {n}"
        )
        members.append(Membership.objects.create(workspace=workspace, user=colleague))
    labels = make_labels(workspace)
    people = make_people(workspace, max(messages // 20, 1), rng)
    progress = ProgressBar(messages, "seeding messages")
    made = conversations = 0
    now = datetime.now(UTC)
    while made < messages:
        batch = plan_conversations(rng, min(CHUNK * 4, messages - made), now)
        with transaction.atomic():
            count = insert_chunk(workspace, batch, people, members, labels, rng)
        made += count
        conversations += len(batch)
        progress.update(made)
    progress.close()
    reset_sequences()
    refresh_statistics()
    return Seeded(workspace.slug, USER_EMAIL, made, conversations, False, time.monotonic() - began)


def make_labels(workspace: Workspace) -> list[Label]:

    return list(Label.objects.bulk_create(Label(workspace=workspace, name=n) for n in LABELS))


def make_people(workspace: Workspace, count: int, rng: random.Random) -> list[Person]:

    fields = {f.name for f in Person._meta.get_fields()}
    first = [
        "Lucie",
        "Marc",
        "Inès",
        "Paul",
        "Chloé",
        "Karim",
        "Emma",
        "Noah",
        "Jade",
        "Hugo",
        "Sarah",
        "Tom",
        "Léa",
        "Yanis",
    ]
    last = [
        "Martin",
        "Bernard",
        "Dubois",
        "Thomas",
        "Robert",
        "Petit",
        "Durand",
        "Leroy",
        "Moreau",
        "Simon",
        "Smith",
    ]
    people = []
    for n in range(count):
        values: dict[str, object] = {
            "workspace": workspace,
            "display_name": f"{rng.choice(first)} {rng.choice(last)} {n}",
        }
        if "handle" in fields:  # people before identities had one handle each
            values.update(network=rng.choice(NETWORKS), handle=f"client{n}")
        people.append(Person(**values))
    created: list[Person] = []
    for start in range(0, len(people), 5000):
        created += Person.objects.bulk_create(people[start : start + 5000])
    return created


@dataclass
class Plan:
    size: int
    started: datetime
    french: bool


def plan_conversations(rng: random.Random, wanted: int, now: datetime) -> list[Plan]:
    """Conversations of 1 to 8 messages (about 4) adding up to ``wanted`` messages."""
    plans = []
    total = 0
    while total < wanted:
        size = min(rng.choice((1, 2, 2, 3, 3, 4, 4, 5, 6, 8)), wanted - total)
        started = now - timedelta(minutes=rng.uniform(5, 365 * 24 * 60))
        plans.append(Plan(size, started, rng.random() < 0.6))
        total += size
    return plans


# Values of one row, in the order of the columns given to RawInserter.
Row = tuple[Any, ...]


class RawInserter:
    """Rows of one model as plain tuples through ``executemany``: ten times quicker than
    ``bulk_create`` for a million rows. Columns not given take the field's default, so
    fields added later to the model do not break the benchmark."""

    def __init__(self, model: type[Model], given: Sequence[str]) -> None:
        self.fields = [f for f in model._meta.concrete_fields if f.attname in given]
        missing = [
            f for f in model._meta.concrete_fields if f.attname not in given and not f.primary_key
        ]
        self.defaults = tuple(f.get_db_prep_save(f.get_default(), connection) for f in missing)
        self.given = list(given)
        columns = [connection.ops.quote_name(str(f.column)) for f in self.fields]
        columns += [connection.ops.quote_name(str(f.column)) for f in missing]
        order = {name: index for index, name in enumerate(self.given)}
        self.positions = [order[f.attname] for f in self.fields]
        self.dates = {
            position
            for position, f in zip(self.positions, self.fields, strict=True)
            if f.get_internal_type() == "DateTimeField"
        }
        table = connection.ops.quote_name(model._meta.db_table)
        marks = ", ".join(["%s"] * len(columns))
        self.sql = f"INSERT INTO {table} ({', '.join(columns)}) VALUES ({marks})"  # noqa: S608

    def insert(self, rows: Sequence[Row]) -> None:
        adapt = connection.ops.adapt_datetimefield_value
        prepared = [
            tuple(
                adapt(row[p]) if p in self.dates and row[p] is not None else row[p]
                for p in self.positions
            )
            + self.defaults
            for row in rows
        ]
        with connection.cursor() as cursor:
            for start in range(0, len(prepared), 5000):
                cursor.executemany(self.sql, prepared[start : start + 5000])


CONVERSATION_COLUMNS = (
    "id",
    "workspace_id",
    "network",
    "person_id",
    "status",
    "assignee_id",
    "snoozed_until",
    "started_at",
    "last_message_at",
    "waiting_since",
    "resolved_at",
    "language",
    "sentiment",
    "intent",
)
MESSAGE_COLUMNS = (
    "workspace_id",
    "conversation_id",
    "network",
    "kind",
    "person_id",
    "direction",
    "delivery",
    "sent_by_id",
    "text",
    "received_at",
    "language",
    "sentiment",
    "intent",
)


def next_conversation_id() -> int:
    """Conversation ids are given here, so messages can point to them without reading back."""
    last = Conversation.objects.order_by("-pk").values_list("pk", flat=True).first()
    return (last or 0) + 1


def insert_chunk(
    workspace: Workspace,
    plans: list[Plan],
    people: list[Person],
    members: list[Membership],
    labels: list[Label],
    rng: random.Random,
) -> int:
    now = datetime.now(UTC)
    conversation_rows: list[Row] = []
    message_rows: list[Row] = []
    label_rows = []
    next_id = next_conversation_id()
    for number, plan in enumerate(plans):
        conversation_id = next_id + number
        at = plan.started
        thread = []
        for index in range(plan.size):
            direction = "in" if index % 2 == 0 or rng.random() < 0.3 else "out"
            thread.append((min(at, now), direction))
            at += timedelta(minutes=rng.uniform(2, 600))
        status = weighted(rng, STATUSES)
        last_at, last_direction = thread[-1]
        waiting = last_direction == "in" and status != "done"
        network = rng.choice(NETWORKS)
        person = rng.choice(people).pk
        assignee = rng.choice(members).pk if rng.random() < 0.7 else None
        language = "fr" if plan.french else "en"
        sentiment = weighted(rng, SENTIMENTS)
        intent = weighted(rng, INTENTS)
        conversation_rows.append(
            (
                conversation_id,
                workspace.pk,
                network,
                person,
                status,
                assignee,
                now + timedelta(hours=5) if rng.random() < 0.02 else None,
                thread[0][0],
                last_at,
                last_at if waiting else None,
                last_at if status == "done" else None,
                language,
                sentiment,
                intent,
            )
        )
        for sent_at, direction in thread:
            message_rows.append(
                (
                    workspace.pk,
                    conversation_id,
                    network,
                    "comment",
                    person,
                    direction,
                    "sent" if direction == "out" else "",
                    assignee if direction == "out" else None,
                    sentence(rng, plan.french),
                    sent_at,
                    language,
                    sentiment,
                    intent,
                )
            )
        if rng.random() < 0.3:
            for label in rng.sample(labels, rng.randint(1, 2)):
                label_rows.append(
                    Conversation.labels.through(conversation_id=conversation_id, label_id=label.pk)
                )
    RawInserter(Conversation, CONVERSATION_COLUMNS).insert(conversation_rows)
    RawInserter(Message, MESSAGE_COLUMNS).insert(message_rows)
    Conversation.labels.through.objects.bulk_create(label_rows, batch_size=2000)
    return len(message_rows)


def reset_sequences() -> None:
    """PostgreSQL: the conversation id sequence continues after the ids given here."""
    if connection.vendor != "postgresql":
        return
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT setval(pg_get_serial_sequence('inbox_conversation', 'id'), "
            "(SELECT COALESCE(MAX(id), 1) FROM inbox_conversation))"
        )


def refresh_statistics() -> None:
    """PostgreSQL: what autovacuum would do soon after a bulk load, done at once.

    The planner chooses how to search (walk the newest messages, or read the full-text
    index) from the statistics of the words in the messages; without them, its guesses
    are those of an empty table. Vacuuming marks the new rows visible to everyone, as in
    a workspace that has been running for a while, so reads need not check each one.
    """
    if connection.vendor != "postgresql":
        return
    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE")
