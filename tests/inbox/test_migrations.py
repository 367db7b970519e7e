"""Messages stored before ingestion existed (the demo's) stay valid after the migration."""

from __future__ import annotations

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.utils import timezone

BEFORE = [("inbox", "0001_initial"), ("workspaces", "0002_invitation_sent_and_revoked")]
AFTER = [("inbox", "0002_ingestion")]


@pytest.fixture
def migrator():
    """Leaves the database fully migrated whatever the test did."""
    yield MigrationExecutor(connection)
    executor = MigrationExecutor(connection)
    executor.migrate(executor.loader.graph.leaf_nodes())


@pytest.mark.django_db(transaction=True)
def test_existing_messages_get_empty_remote_fields(migrator):
    executor = migrator
    executor.migrate(BEFORE)
    old = executor.loader.project_state(BEFORE).apps
    workspace = old.get_model("workspaces", "Workspace").objects.create(
        name="Boulangerie Martin", slug="boulangerie-martin"
    )
    person = old.get_model("contacts", "Person").objects.create(
        workspace=workspace, display_name="Lucie", network="bluesky", handle="lucie"
    )
    OldMessage = old.get_model("inbox", "Message")
    for text in ("Ouvert dimanche ?", "Merci !"):
        OldMessage.objects.create(
            workspace=workspace,
            person=person,
            network="bluesky",
            kind="comment",
            text=text,
            received_at=timezone.now(),
        )

    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(AFTER)
    new = executor.loader.project_state(AFTER).apps
    rows = list(
        new.get_model("inbox", "Message")
        .objects.order_by("pk")
        .values_list("text", "account", "remote_id", "url", "thread_id", "raw")
    )
    assert rows == [
        ("Ouvert dimanche ?", None, "", "", "", ""),
        ("Merci !", None, "", "", "", ""),
    ]


@pytest.mark.django_db(transaction=True)
def test_messages_are_grouped_into_conversations_by_thread_and_person(migrator):
    before = [("inbox", "0003_conversations"), ("contacts", "0001_initial")]
    after = [("inbox", "0005_conversations_required")]
    executor = migrator
    executor.migrate(before)
    old = executor.loader.project_state(before).apps
    workspace = old.get_model("workspaces", "Workspace").objects.create(
        name="Boulangerie Martin", slug="boulangerie-martin"
    )
    lucie, marc = (
        old.get_model("contacts", "Person").objects.create(
            workspace=workspace, display_name=name, network="bluesky", handle=name.lower()
        )
        for name in ("Lucie", "Marc")
    )
    OldMessage = old.get_model("inbox", "Message")
    now = timezone.now()
    for person, thread, status in (
        (lucie, "post-1", "done"),
        (lucie, "post-1", "open"),
        (marc, "post-1", "new"),
        (marc, "", "done"),
    ):
        OldMessage.objects.create(
            workspace=workspace,
            person=person,
            network="bluesky",
            kind="comment",
            text="…",
            received_at=now,
            thread_id=thread,
            status=status,
        )

    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(after)
    new = executor.loader.project_state(after).apps
    Conversation = new.get_model("inbox", "Conversation")
    grouped = sorted(
        (c.person.display_name, c.status, c.messages.count()) for c in Conversation.objects.all()
    )
    # Lucie's two comments under one post are one conversation, still open.
    assert grouped == [("Lucie", "open", 2), ("Marc", "done", 1), ("Marc", "new", 1)]
