"""Public posts a person wrote about the business, found by listening.

Listening keeps each post's author as a network and a handle, not as a person: a post
is the person's when one of their identities wrote it. Their timeline, export and
erasure include these posts.
"""

from __future__ import annotations

import functools
import operator

from django.db.models import Q, QuerySet

from comptoir.contacts.models import Person
from comptoir.listening.models import Mention
from comptoir.workspaces.models import Workspace


def mentions_by(person: Person, workspace: Workspace) -> QuerySet[Mention]:
    identities = list(person.identities.values_list("network", "handle"))
    if not identities:
        return Mention.objects.none()
    match = functools.reduce(
        operator.or_,
        (Q(network=network, author_handle=handle) for network, handle in identities),
    )
    return Mention.objects.for_workspace(workspace).filter(match)
