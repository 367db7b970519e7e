"""Full-text search over message texts: FTS5 on SQLite, a GIN index on PostgreSQL.

Each database gets only its own kind of index (see comptoir.inbox.search).
"""

from django.db import migrations


def create(apps, schema_editor):
    from comptoir.inbox.search import create_index

    create_index(schema_editor.connection)


def drop(apps, schema_editor):
    from comptoir.inbox.search import drop_index

    drop_index(schema_editor.connection)


class Migration(migrations.Migration):

    dependencies = [
        ("inbox", "0005_conversations_required"),
    ]

    operations = [migrations.RunPython(create, drop, elidable=False)]
