"""Finding the person behind a handle, and adding newcomers to the contacts.

Everything that meets people on a network (ingestion, the demo) goes through
:func:`people_for`, so that a handle already merged into someone is recognised as them.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from django.db import transaction
from django.db.models import OuterRef, Subquery

from comptoir.contacts.models import Identity, Person, web_url
from comptoir.workspaces.models import Workspace


def people_for(
    workspace: Workspace,
    network: str,
    authors: Iterable[tuple[str, str]],
    urls: Mapping[str, str] | None = None,
) -> dict[str, Person]:
    """The person behind each ``(handle, name)`` on ``network``, created when unknown.

    ``urls`` optionally gives the profile address of a handle, kept on new identities
    (it helps spot the same person on two networks).
    """
    names: dict[str, str] = {}
    for handle, name in authors:
        names.setdefault(handle[:150], (name or handle)[:150])
    if not names:
        return {}
    urls = urls or {}
    scoped = Identity.objects.filter(workspace=workspace, network=network).select_related("person")
    found = {i.handle: i.person for i in scoped.filter(handle__in=list(names))}
    missing = [handle for handle in names if handle not in found]
    if not missing:
        return found
    with transaction.atomic():
        created = Person.objects.bulk_create(
            [Person(workspace=workspace, display_name=names[handle]) for handle in missing]
        )
        Identity.objects.bulk_create(
            [
                Identity(
                    workspace=workspace,
                    person=person,
                    network=network,
                    handle=handle,
                    display_name=names[handle],
                    profile_url=web_url(urls.get(handle, ""))[:500],
                )
                for person, handle in zip(created, missing, strict=True)
            ],
            # Another run may have added some of these handles meanwhile: theirs win.
            ignore_conflicts=True,
        )
    found.update({i.handle: i.person for i in scoped.filter(handle__in=missing)})
    kept = {person.pk for person in found.values()}
    Person.objects.filter(pk__in=[p.pk for p in created if p.pk not in kept]).delete()
    return found


def backdate(people: Iterable[Person]) -> None:
    """Save each person's ``created_at`` and date their identities the same.

    People loaded with their history (the demo) were first seen when they first wrote,
    not when they were loaded.
    """
    people = list(people)
    Person.objects.bulk_update(people, ["created_at"], batch_size=500)
    born = Person.objects.filter(pk=OuterRef("person_id")).values("created_at")[:1]
    Identity.objects.filter(person__in=people).update(first_seen=Subquery(born))
