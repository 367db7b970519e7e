"""The workspace's labels and members, as the inbox's select boxes offer them.

Both the list (its filters) and a conversation (its panel) show them on every page, so
they come from one plain statement: two queries built through the ORM cost a page more
than running them.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db import connection

from comptoir.workspaces.models import Workspace

CHOICES_SQL = """
SELECT 'label', l.id, l.name, '',
       EXISTS (SELECT 1 FROM inbox_conversation_labels cl
               WHERE cl.label_id = l.id AND cl.conversation_id = %s)
FROM inbox_label l WHERE l.workspace_id = %s
UNION ALL
SELECT 'member', m.id, u.full_name, u.email, FALSE
FROM workspaces_membership m JOIN accounts_user u ON u.id = m.user_id
WHERE m.workspace_id = %s
"""


@dataclass(frozen=True)
class InboxChoices:
    """(id, name) pairs, by name: labels a conversation has, those it has not, members."""

    attached_labels: list[tuple[int, str]]
    labels: list[tuple[int, str]]
    members: list[tuple[int, str]]


def inbox_choices(workspace: Workspace, conversation_id: int | None = None) -> InboxChoices:
    """The workspace's labels (split by ``conversation_id``'s own) and members."""
    with connection.cursor() as cursor:
        cursor.execute(CHOICES_SQL, [conversation_id, workspace.pk, workspace.pk])
        rows = cursor.fetchall()
    labels = sorted(((name, pk, bool(on)) for kind, pk, name, _e, on in rows if kind == "label"))
    members = sorted(
        (full_name or email, pk) for kind, pk, full_name, email, _on in rows if kind == "member"
    )
    return InboxChoices(
        attached_labels=[(pk, name) for name, pk, on in labels if on],
        labels=[(pk, name) for name, pk, on in labels if not on],
        members=[(pk, name) for name, pk in members],
    )
