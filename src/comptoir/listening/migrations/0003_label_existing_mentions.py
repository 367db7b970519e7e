"""Label the mentions found before mentions had labels, as new ones are on arrival."""

from typing import Any

from django.db import migrations

BATCH = 500


def label_existing(apps: Any, schema_editor: Any) -> None:
    from comptoir.nlp.labels import label

    mention_model = apps.get_model("listening", "Mention")
    pending = mention_model.objects.filter(labelled_by="").order_by("pk")
    batch: list[Any] = []
    for mention in pending.iterator(chunk_size=BATCH):
        batch.append(mention)
        if len(batch) == BATCH:
            label(batch)
            mention_model.objects.bulk_update(
                batch, ["language", "sentiment", "intent", "labelled_by"]
            )
            batch = []
    if batch:
        label(batch)
        mention_model.objects.bulk_update(batch, ["language", "sentiment", "intent", "labelled_by"])


class Migration(migrations.Migration):
    dependencies = [("listening", "0002_labels")]

    operations = [migrations.RunPython(label_existing, migrations.RunPython.noop)]
