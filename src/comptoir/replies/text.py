"""What a reply says: the colleague's text, their signature, saved answers filled in.

Placeholders are replaced by name only (``{name}``, ``{business}``, ``{first_name}``);
any other brace is kept as typed, so a customer's or a colleague's text can never make
formatting fail or read an attribute.
"""

from __future__ import annotations

import re
from collections.abc import Mapping

from comptoir.contacts.models import Person
from comptoir.workspaces.models import Membership, Workspace

PLACEHOLDER = re.compile(r"\{(first_name|name|business)\}")


def fill(template: str, values: Mapping[str, str]) -> str:
    """``template`` with each known placeholder replaced; unknown ones are left alone."""
    return PLACEHOLDER.sub(lambda match: values.get(match.group(1), match.group(0)), template)


def colleague_name(membership: Membership) -> str:
    return membership.user.first_name_for_signature


def customer_first_name(person: Person) -> str:
    """The first word of the customer's display name, else their handle without the @."""
    words = (person.display_name or "").split()
    if words:
        return words[0]
    return person.handle.lstrip("@").split("@")[0].split(".")[0]


def signature(workspace: Workspace, membership: Membership) -> str:
    """The line that ends every reply of this colleague ("— Julie, Boulangerie Martin")."""
    return fill(
        workspace.reply_signature.strip(),
        {"name": colleague_name(membership), "business": workspace.name},
    )


def signed(text: str, workspace: Workspace, membership: Membership) -> str:
    """The text as the customer will read it: the colleague's words, then the signature."""
    body = text.strip()
    line = signature(workspace, membership)
    return f"{body}\n\n{line}" if line else body


def saved_reply_text(
    text: str, workspace: Workspace, membership: Membership, person: Person | None
) -> str:
    """A saved reply filled in for this customer and this colleague."""
    values = {"name": colleague_name(membership), "business": workspace.name}
    if person is not None:
        values["first_name"] = customer_first_name(person)
    return fill(text, values)
