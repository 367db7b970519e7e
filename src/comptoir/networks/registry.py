"""The networks Comptoir can connect to: one line each.

Everything else — the connection forms, ``comptoir networks list``, the docs check —
derives from this list. Connector classes are imported lazily, by dotted path, so a
network's SDK is only loaded when that network is used.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta
from functools import cached_property
from typing import Any

from django.utils.functional import Promise
from django.utils.module_loading import import_string
from django.utils.translation import gettext_lazy as _

from comptoir.networks.base import capabilities_of
from comptoir.networks.limits import Counting, Limits


@dataclass(frozen=True)
class NetworkSpec:
    slug: str
    label: str | Promise
    connector_path: str
    limits: Limits
    # How an account connects: "app_password", "oauth", "feed" (a URL) or "none".
    auth: str
    description: str | Promise = ""
    # The view that connects an account; most networks use the generic form view, which
    # shows ``Connector.connect_form`` and calls ``Connector.connect(cleaned_data)``.
    connect_view: str = "comptoir.networks.views.connect_with_form"
    # OAuth networks also receive the user back from the network here.
    callback_view: str = ""
    # The network honours idempotency keys: repeating a publish with the same key is safe.
    idempotent_publish: bool = False
    # Internal networks (the benchmark's recording network) are hidden from people.
    listed: bool = True
    # The network lives in Comptoir's own database (the sandbox): its calls must run in
    # the caller's thread and transaction, never side by side in other threads.
    in_database: bool = False

    @cached_property
    def connector_class(self) -> type:
        cls: type = import_string(self.connector_path)
        return cls

    @property
    def capabilities(self) -> list[str]:
        return capabilities_of(self.connector_class)

    def as_dict(self) -> dict[str, Any]:
        return {
            "slug": self.slug,
            "label": str(self.label),
            "auth": self.auth,
            "capabilities": self.capabilities,
            "limits": self.limits.as_dict(),
        }


NETWORKS: list[NetworkSpec] = [
    NetworkSpec(
        slug="sandbox",
        label=_("Sandbox"),
        connector_path="comptoir.networks.sandbox.connector.SandboxConnector",
        # Direct messages follow Meta's 24-hour rule here, so a team practises it.
        limits=Limits(
            max_text=500,
            counting=Counting.GRAPHEMES,
            max_media=4,
            reply_window=timedelta(hours=24),
        ),
        auth="none",
        description=_("A practice network inside Comptoir, with simulated customers."),
        in_database=True,
    ),
    NetworkSpec(
        slug="bluesky",
        label="Bluesky",
        connector_path="comptoir.networks.bluesky.connector.BlueskyConnector",
        limits=Limits(
            max_text=300,
            counting=Counting.GRAPHEMES,
            max_text_bytes=3000,
            max_media=4,
            media_max_bytes=1_000_000,
            # The Bluesky app scales photos to 2000 px on their longest side before upload.
            image_max_side=2000,
            alt_text_max=2000,
            posts_per_day=11_000,
        ),
        auth="app_password",
        idempotent_publish=True,
    ),
    NetworkSpec(
        slug="mastodon",
        label="Mastodon",
        connector_path="comptoir.networks.mastodon.connector.MastodonConnector",
        limits=Limits(
            max_text=500,
            counting=Counting.CHARACTERS,
            url_length=23,
            max_media=4,
            media_max_bytes=16_000_000,
            # GET /api/v2/instance: configuration.media_attachments.image_matrix_limit.
            image_max_pixels=33_177_600,
            alt_text_max=1500,
        ),
        auth="oauth",
        connect_view="comptoir.networks.mastodon.views.connect_view",
        callback_view="comptoir.networks.mastodon.views.callback_view",
        idempotent_publish=True,
    ),
    NetworkSpec(
        slug="rss",
        label=_("RSS and Atom feeds"),
        connector_path="comptoir.networks.rss.connector.FeedConnector",
        limits=Limits(max_text=0, max_media=0),
        auth="feed",
    ),
]

NETWORKS.append(
    NetworkSpec(
        slug="recording",
        label="Recording",
        connector_path="comptoir.benchmarks.recording.RecordingConnector",
        limits=Limits(max_text=1000),
        auth="none",
        listed=False,
    )
)

BY_SLUG = {spec.slug: spec for spec in NETWORKS}
LISTED = [spec for spec in NETWORKS if spec.listed]


def get_network(slug: str) -> NetworkSpec:
    try:
        return BY_SLUG[slug]
    except KeyError:
        raise LookupError(f"unknown network {slug!r}") from None
