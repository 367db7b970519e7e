"""Each person's network and handle become their first identity.

Going back, each person takes the network and handle of the identity seen first, which is
unique per handle, so the old constraint holds again.
"""

from typing import Any

from django.db import migrations


def to_identities(apps: Any, schema_editor: Any) -> None:
    Person = apps.get_model("contacts", "Person")
    Identity = apps.get_model("contacts", "Identity")
    batch = []
    for person in Person.objects.order_by("pk").iterator(chunk_size=2000):
        batch.append(
            Identity(
                workspace_id=person.workspace_id,
                person_id=person.pk,
                network=person.network,
                handle=person.handle,
                display_name=person.display_name,
                first_seen=person.created_at,
            )
        )
        if len(batch) >= 2000:
            Identity.objects.bulk_create(batch)
            batch = []
    Identity.objects.bulk_create(batch)


def to_person_fields(apps: Any, schema_editor: Any) -> None:
    Person = apps.get_model("contacts", "Person")
    Identity = apps.get_model("contacts", "Identity")
    seen: set[int] = set()
    for identity in Identity.objects.order_by("person_id", "first_seen", "pk").iterator():
        if identity.person_id in seen:
            continue
        seen.add(identity.person_id)
        Person.objects.filter(pk=identity.person_id).update(
            network=identity.network, handle=identity.handle
        )


class Migration(migrations.Migration):
    dependencies = [("contacts", "0002_identities_tags_consent")]

    operations = [migrations.RunPython(to_identities, to_person_fields)]
