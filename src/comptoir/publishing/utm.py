"""Campaign tags (UTM parameters) on the links of a post.

A business wants its web statistics to say which network brought a visitor: each link of
a post gets ``utm_source``, ``utm_medium`` and ``utm_campaign`` from the workspace's
templates (``{network}`` becomes the network's name), just before the text is measured
and saved for an account, so the counters and the limits see the text that will go out.

Links are found exactly as Bluesky finds them for its link facets (same start rule, same
trailing punctuation left out), so the tagged address is still one whole link on Bluesky,
a sentence's final full stop stays outside it, and a Mastodon link still counts 23
characters. Only ``http(s)://`` links are tagged: a bare domain would need its text
rewritten, and an address glued to ``@`` or ``#`` is part of a mention or a hashtag.
Parameters already there are kept as written, an existing ``utm_*`` wins over ours, and a
second pass finds every parameter present: tagging twice changes nothing.
"""

from __future__ import annotations

from typing import TYPE_CHECKING
from urllib.parse import parse_qsl, quote

from comptoir.networks.bluesky.facets import find_links

if TYPE_CHECKING:
    from comptoir.networks.models import ConnectedAccount
    from comptoir.workspaces.models import Workspace

SCHEMES = ("http://", "https://")
KEYS = ("utm_source", "utm_medium", "utm_campaign")


def parameters(network: str, workspace: Workspace) -> list[tuple[str, str]]:
    """The (key, value) pairs for ``network``; a template left empty adds nothing."""
    templates = (workspace.utm_source, workspace.utm_medium, workspace.utm_campaign)
    pairs = []
    for key, template in zip(KEYS, templates, strict=True):
        value = template.replace("{network}", network).strip()
        if value:
            pairs.append((key, value))
    return pairs


def tag_url(url: str, pairs: list[tuple[str, str]]) -> str:
    """``url`` with the missing pairs appended to its query, before any ``#fragment``.

    The address is edited as text rather than split and joined again, so everything the
    author wrote (an empty ``?``, a ``#``, the order and encoding of parameters) stays.
    """
    base, hash_sign, fragment = url.partition("#")
    _start, question, query = base.partition("?")
    present = {key.lower() for key, _value in parse_qsl(query, keep_blank_values=True)}
    missing = [(key, value) for key, value in pairs if key not in present]
    if not missing:
        return url
    addition = "&".join(f"{key}={quote(value, safe='')}" for key, value in missing)
    if not question:
        base += "?" + addition
    elif query and not query.endswith("&"):
        base += "&" + addition
    else:
        base += addition
    return base + hash_sign + fragment


def add_utm(text: str, network: str, workspace: Workspace) -> str:
    """``text`` with every ``http(s)://`` link tagged for ``network``."""
    pairs = parameters(network, workspace)
    if not pairs:
        return text
    pieces, position = [], 0
    for link in find_links(text):
        url = text[link.start : link.end]
        if not url.lower().startswith(SCHEMES):
            continue
        pieces += [text[position : link.start], tag_url(url, pairs)]
        position = link.end
    pieces.append(text[position:])
    return "".join(pieces)


def outgoing_text(account: ConnectedAccount, text: str) -> str:
    """The text as it will be published on ``account``: tagged if its workspace wants it."""
    workspace = account.workspace
    if not workspace.utm_enabled:
        return text
    return add_utm(text, account.network, workspace)
