"""The people list: search, filters and sorting, read from the address."""

from __future__ import annotations

from dataclasses import asdict, dataclass
from urllib.parse import urlencode

from django.db.models import Count, F, IntegerField, OuterRef, Q, QuerySet, Subquery
from django.db.models.expressions import OrderBy
from django.db.models.functions import Coalesce, Lower
from django.http import QueryDict

from comptoir.contacts.models import Identity, Person
from comptoir.inbox.models import Message
from comptoir.workspaces.models import Workspace

SORTS = ("recent", "oldest", "name")


@dataclass(frozen=True)
class Filters:
    q: str = ""
    tag: str = ""
    network: str = ""
    sort: str = "recent"

    @classmethod
    def from_query(cls, query: QueryDict) -> Filters:
        sort = query.get("sort", "recent")
        return cls(
            q=" ".join(query.get("q", "").split())[:100],
            tag=query.get("tag", "")[:50],
            network=query.get("network", "")[:30],
            sort=sort if sort in SORTS else "recent",
        )

    @property
    def active(self) -> bool:
        return bool(self.q or self.tag or self.network)

    def query_prefix(self) -> str:
        """The filters as the pager's links must keep them."""
        values = {k: v for k, v in asdict(self).items() if v and (k, v) != ("sort", "recent")}
        return f"{urlencode(values)}&" if values else ""


def people(workspace: Workspace, filters: Filters) -> QuerySet[Person]:
    """The workspace's people matching ``filters``, with their message count and last contact.

    Filters go through ``pk__in`` subqueries rather than joins, so that a person with
    two matching identities is listed once and counts stay right.
    """
    theirs = Message.objects.filter(person=OuterRef("pk"))
    found = Person.objects.for_workspace(workspace).annotate(
        last_contact=Subquery(theirs.order_by("-received_at").values("received_at")[:1]),
        message_count=Coalesce(
            Subquery(
                theirs.order_by().values("person").annotate(n=Count("pk")).values("n"),
                output_field=IntegerField(),
            ),
            0,
        ),
    )
    identities = Identity.objects.for_workspace(workspace)
    if filters.q:
        handles = identities.filter(
            Q(handle__icontains=filters.q) | Q(display_name__icontains=filters.q)
        )
        found = found.filter(
            Q(display_name__icontains=filters.q) | Q(pk__in=handles.values("person_id"))
        )
    if filters.network:
        found = found.filter(pk__in=identities.filter(network=filters.network).values("person_id"))
    if filters.tag:
        found = found.filter(tags__name=filters.tag)
    orders: dict[str, list[str | OrderBy]] = {
        "recent": [F("last_contact").desc(nulls_last=True), Lower("display_name").asc(), "pk"],
        "oldest": [F("last_contact").asc(nulls_first=True), Lower("display_name").asc(), "pk"],
        "name": [Lower("display_name").asc(), "pk"],
    }
    return found.order_by(*orders[filters.sort]).prefetch_related("identities", "tags")
