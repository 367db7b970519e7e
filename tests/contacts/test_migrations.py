"""Each person's network and handle become an identity, and come back when going back."""

from __future__ import annotations

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.utils import timezone

BEFORE = [("contacts", "0001_initial"), ("workspaces", "0001_initial")]
AFTER = [("contacts", "0004_remove_person_network_handle")]


@pytest.fixture
def migrator():
    """Leaves the database fully migrated whatever the test did."""
    yield MigrationExecutor(connection)
    executor = MigrationExecutor(connection)
    executor.migrate(executor.loader.graph.leaf_nodes())


def state_now(executor):
    """The models as the database holds them now, whatever the other apps did."""
    executor.loader.build_graph()
    return executor.loader.project_state(list(executor.loader.applied_migrations)).apps


@pytest.mark.django_db(transaction=True)
def test_handles_become_identities_and_come_back(migrator):
    executor = migrator
    executor.migrate(BEFORE)
    old = state_now(executor)
    Workspace = old.get_model("workspaces", "Workspace")
    Person = old.get_model("contacts", "Person")
    bakery = Workspace.objects.create(name="Boulangerie Martin", slug="boulangerie-martin")
    plumber = Workspace.objects.create(name="Plomberie Roux", slug="plomberie-roux")
    lucie = Person.objects.create(
        workspace=bakery, display_name="Lucie", network="bluesky", handle="lucie.bsky.social"
    )
    marc = Person.objects.create(
        workspace=bakery, display_name="Marc", network="mastodon", handle="@marc@piaille.fr"
    )
    # The same handle in another business is another person.
    lucie_elsewhere = Person.objects.create(
        workspace=plumber, display_name="Lucie R.", network="bluesky", handle="lucie.bsky.social"
    )
    seen = timezone.now().replace(microsecond=0) - timezone.timedelta(days=30)
    Person.objects.filter(pk=marc.pk).update(created_at=seen)

    executor = MigrationExecutor(connection)
    executor.migrate(executor.loader.graph.leaf_nodes())
    new = state_now(executor)
    Identity = new.get_model("contacts", "Identity")
    rows = sorted(
        Identity.objects.values_list(
            "person_id", "workspace_id", "network", "handle", "display_name"
        )
    )
    assert rows == sorted(
        [
            (lucie.pk, bakery.pk, "bluesky", "lucie.bsky.social", "Lucie"),
            (marc.pk, bakery.pk, "mastodon", "@marc@piaille.fr", "Marc"),
            (lucie_elsewhere.pk, plumber.pk, "bluesky", "lucie.bsky.social", "Lucie R."),
        ]
    )
    assert Identity.objects.get(person_id=marc.pk).first_seen == seen
    person_fields = {f.name for f in new.get_model("contacts", "Person")._meta.fields}
    assert "handle" not in person_fields and "network" not in person_fields

    # A second identity on Marc, seen later: going back keeps the first.
    Identity.objects.create(
        workspace_id=bakery.pk,
        person_id=marc.pk,
        network="bluesky",
        handle="marc.bsky.social",
        first_seen=timezone.now(),
    )
    executor = MigrationExecutor(connection)
    executor.migrate(BEFORE)
    old = state_now(executor)
    assert sorted(
        old.get_model("contacts", "Person").objects.values_list("pk", "network", "handle")
    ) == sorted(
        [
            (lucie.pk, "bluesky", "lucie.bsky.social"),
            (marc.pk, "mastodon", "@marc@piaille.fr"),
            (lucie_elsewhere.pk, "bluesky", "lucie.bsky.social"),
        ]
    )
