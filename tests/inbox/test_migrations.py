"""Messages stored before ingestion existed (the demo's) stay valid after the migration."""

from __future__ import annotations

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.utils import timezone

BEFORE = [("inbox", "0001_initial")]
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
