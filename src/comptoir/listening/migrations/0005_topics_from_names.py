"""Give the topic names already on mentions a topic of their own, paused.

Before topics existed, a mention only carried its topic's name. Each name becomes a topic
(its name as the word to look for) and its mentions are linked to it, so the page's
filter keeps them together. The topics start paused: the business checks the words to
look for before Comptoir searches anything on its behalf.
"""

from typing import Any

from django.db import migrations


def topics_from_names(apps: Any, schema_editor: Any) -> None:
    mention_model = apps.get_model("listening", "Mention")
    topic_model = apps.get_model("listening", "Topic")
    pairs = (
        mention_model.objects.exclude(topic="")
        .filter(topic_ref__isnull=True)
        .values_list("workspace_id", "topic")
        .distinct()
    )
    for workspace_id, name in list(pairs):
        topic, _ = topic_model.objects.get_or_create(
            workspace_id=workspace_id,
            name=name,
            defaults={"kind": "other", "terms": name, "active": False},
        )
        mention_model.objects.filter(
            workspace_id=workspace_id, topic=name, topic_ref__isnull=True
        ).update(topic_ref=topic)


class Migration(migrations.Migration):
    dependencies = [("listening", "0004_topics")]

    operations = [migrations.RunPython(topics_from_names, migrations.RunPython.noop)]
