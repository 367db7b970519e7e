"""What an account's network says about the images of a post, in plain words.

Kept apart from the composer glue so that ``publishing.composer`` can ask for these
messages (for its live counters) without importing the forms side of this app.
"""

from __future__ import annotations

from django.utils.formats import number_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from comptoir.networks.limits import GRAPHEME
from comptoir.networks.models import ConnectedAccount
from comptoir.networks.registry import get_network

ALT_MISSING = gettext_lazy("Add a description for people who cannot see the image.")


def max_images(account: ConnectedAccount) -> int:
    return get_network(account.network).limits.max_media


def count_problems(account: ConnectedAccount, label: str, count: int) -> list[str]:
    """Too many images for this account's network (type and size are converted for it)."""
    limit = max_images(account)
    if count <= limit:
        return []
    if limit == 0:
        return [_("%(account)s cannot publish images.") % {"account": label}]
    return [
        _("%(account)s accepts at most %(limit)s images; %(count)s are chosen.")
        % {"account": label, "limit": limit, "count": count}
    ]


def alt_problems(account: ConnectedAccount, label: str, alts: list[str]) -> list[str]:
    limit = get_network(account.network).limits.alt_text_max
    if not limit:
        return []
    if any(len(GRAPHEME.findall(alt)) > limit for alt in alts):
        return [
            _("A description is too long for %(account)s: at most %(limit)s characters.")
            % {"account": label, "limit": limit}
        ]
    return []


def aspect_problems(
    account: ConnectedAccount, label: str, sizes: list[tuple[str, int, int]]
) -> list[str]:
    """Images whose shape the network refuses, given as (name, width, height)."""
    bounds = get_network(account.network).limits.image_aspect
    if not bounds:
        return []
    narrowest, widest = bounds
    return [
        _(
            "%(image)s is %(ratio)s times as wide as it is high; %(account)s accepts "
            "from %(narrowest)s to %(widest)s. Choose another image or crop this one."
        )
        % {
            "image": name,
            "ratio": number_format(width / height, 2),
            "account": label,
            "narrowest": number_format(narrowest, 2),
            "widest": number_format(widest, 2),
        }
        for name, width, height in sizes
        if height and not narrowest <= width / height <= widest
    ]
