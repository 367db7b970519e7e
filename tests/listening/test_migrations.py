"""Topic names already on mentions become paused topics, so the page's tabs keep them."""

from __future__ import annotations

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.utils import timezone

BEFORE = [("listening", "0003_label_existing_mentions")]
AFTER = [("listening", "0005_topics_from_names")]


@pytest.fixture
def migrator():
    """Leaves the database fully migrated whatever the test did."""
    yield MigrationExecutor(connection)
    executor = MigrationExecutor(connection)
    executor.migrate(executor.loader.graph.leaf_nodes())


@pytest.mark.django_db(transaction=True)
def test_each_workspace_gets_its_own_paused_topics(migrator):
    executor = migrator
    executor.migrate(BEFORE)
    old = executor.loader.project_state(BEFORE).apps
    workspace_model = old.get_model("workspaces", "Workspace")
    bakery = workspace_model.objects.create(name="Boulangerie", slug="boulangerie")
    hotel = workspace_model.objects.create(name="Hôtel", slug="hotel")
    old_mention = old.get_model("listening", "Mention")
    for workspace, topic in [
        (bakery, "Orléans"),
        (bakery, "Orléans"),
        (bakery, ""),
        (hotel, "Orléans"),
    ]:
        old_mention.objects.create(
            workspace=workspace,
            network="mastodon",
            author_name="Lucie",
            author_handle="@lucie@piaille.fr",
            text="Il neige sur Orléans",
            topic=topic,
            found_at=timezone.now(),
            labelled_by="model",
        )

    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(AFTER)
    new = executor.loader.project_state(AFTER).apps
    topics = new.get_model("listening", "Topic").objects.order_by("workspace_id")
    assert [(t.workspace_id, t.name, t.terms, t.active) for t in topics] == [
        (bakery.pk, "Orléans", "Orléans", False),
        (hotel.pk, "Orléans", "Orléans", False),
    ]
    mentions = new.get_model("listening", "Mention").objects.order_by("pk")
    linked = [(m.workspace_id, m.topic_ref.workspace_id if m.topic_ref else None) for m in mentions]
    assert linked == [
        (bakery.pk, bakery.pk),
        (bakery.pk, bakery.pk),
        (bakery.pk, None),
        (hotel.pk, hotel.pk),
    ]
