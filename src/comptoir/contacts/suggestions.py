"""People who are probably one and the same, to merge in one click.

Three clues, each strong enough alone: the same name written on two different networks,
the same profile or website address, and the same handle once the network's decoration
is taken off (``lucie.martin.bsky.social`` and ``@lucie.martin@piaille.fr``).
"""

from __future__ import annotations

import re
import unicodedata
from collections import defaultdict
from dataclasses import dataclass
from itertools import combinations
from urllib.parse import urlsplit

from django.db.models import Count
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from comptoir.contacts.models import Identity, Person
from comptoir.workspaces.models import Workspace

# Short stems ("jo", "marc") are shared by too many strangers to mean anything.
MIN_STEM = 5
# A name shared by more people than this is a common name, not a clue.
MAX_GROUP = 4
SAME_NAME = _("Same name on two networks")
SAME_LINK = _("Same profile or website address")
SAME_HANDLE = _("Same handle on two networks")


@dataclass
class Suggestion:
    """Two people to merge: ``keep`` is the one seen first, ``other`` goes into it."""

    keep: Person
    other: Person
    reasons: list[str | Promise]


def normalised_name(name: str) -> str:
    """No case, accents, punctuation or word order: "Martin, Lucie" is "lucie martin"."""
    plain = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode().lower()
    words = re.findall(r"[a-z0-9]+", plain)
    return " ".join(sorted(words)) if len(words) > 1 else ""


def handle_stem(handle: str, network: str) -> str:
    """The part of a handle a person chose, without @, server or network domain.

    Only Bluesky handles are domain names ("luciemartin.fr"); elsewhere a dot is part of
    the name ("lucie.martin" on Instagram).
    """
    local = handle.strip().lstrip("@").split("@")[0].lower()
    if network == "bluesky":
        bare = re.sub(r"\.bsky\.social$", "", local)
        if bare == local and "." in local:
            bare = local.rsplit(".", 1)[0]  # a personal domain
        local = bare
    stem = re.sub(r"[^a-z0-9]", "", local)
    return stem if len(stem) >= MIN_STEM else ""


def link_key(url: str) -> str:
    """An address without scheme, www, query or trailing slash."""
    parts = urlsplit(url.strip().lower())
    if parts.scheme not in ("http", "https") or not parts.hostname:
        return ""
    host = parts.hostname.removeprefix("www.")
    return f"{host}{parts.path.rstrip('/')}"


def suggestions(workspace: Workspace, limit: int = 50) -> list[Suggestion]:
    """Likely duplicates in this workspace, the most certain first."""
    identities = list(
        Identity.objects.for_workspace(workspace).only(
            "person_id", "network", "handle", "display_name", "profile_url"
        )
    )
    people = {
        p.pk: p
        for p in Person.objects.for_workspace(workspace)
        .annotate(message_count=Count("messages"))
        .prefetch_related("identities")
    }
    groups: dict[tuple[str | Promise, str], set[tuple[int, str]]] = defaultdict(set)
    for identity in identities:
        person = people[identity.person_id]
        for name in {identity.display_name, person.display_name}:
            if key := normalised_name(name):
                groups[(SAME_NAME, key)].add((identity.person_id, identity.network))
        if key := link_key(identity.profile_url):
            groups[(SAME_LINK, key)].add((identity.person_id, ""))
        if key := handle_stem(identity.handle, identity.network):
            groups[(SAME_HANDLE, key)].add((identity.person_id, identity.network))
    pairs: dict[tuple[int, int], list[str | Promise]] = defaultdict(list)
    for (reason, _key), members in groups.items():
        persons = {pk for pk, _network in members}
        if not 1 < len(persons) <= MAX_GROUP:
            continue
        for a, b in combinations(sorted(persons), 2):
            if reason is not SAME_LINK and not _on_two_networks(members, a, b):
                continue
            if reason not in pairs[(a, b)]:
                pairs[(a, b)].append(reason)
    ranked = sorted(pairs.items(), key=lambda item: (-len(item[1]), item[0]))[:limit]
    found = []
    for (a, b), reasons in ranked:
        keep, other = sorted((people[a], people[b]), key=lambda p: (p.created_at, p.pk))
        found.append(Suggestion(keep, other, reasons))
    return found


def _on_two_networks(members: set[tuple[int, str]], a: int, b: int) -> bool:
    """Whether a and b share the clue on different networks (one network has homonyms)."""
    networks_a = {network for pk, network in members if pk == a}
    networks_b = {network for pk, network in members if pk == b}
    return any(x != y for x in networks_a for y in networks_b)
