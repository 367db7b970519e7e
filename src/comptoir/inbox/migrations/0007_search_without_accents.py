"""PostgreSQL: the full-text index folds accents, as SQLite's tokenizer already does.

Replaces the index of 0006 by one on the accent-folded text (see comptoir.inbox.search);
SQLite is unchanged.
"""

from django.db import migrations


def create(apps, schema_editor):
    from comptoir.inbox.search import create_index

    if schema_editor.connection.vendor == "postgresql":
        create_index(schema_editor.connection)


def back(apps, schema_editor):
    """Going back to 0006 keeps a working index: the current one."""


class Migration(migrations.Migration):

    dependencies = [
        ("inbox", "0006_full_text_search"),
    ]

    operations = [migrations.RunPython(create, back, elidable=False)]
