"""PostgreSQL: the text-search vector of each message is stored, in a generated column.

Searching walks the newest messages first and stops at a full page (see
comptoir.inbox.search); checking each against the query must not recompute its vector.
Replaces the expression index of 0007 by an index on the column; SQLite is unchanged.
"""

from django.db import migrations


def create(apps, schema_editor):
    from comptoir.inbox.search import create_index

    if schema_editor.connection.vendor == "postgresql":
        create_index(schema_editor.connection)


def back(apps, schema_editor):
    """Going back keeps a working index: the current one."""


class Migration(migrations.Migration):

    dependencies = [
        ("inbox", "0010_stream_leases"),
    ]

    operations = [migrations.RunPython(create, back, elidable=False)]
