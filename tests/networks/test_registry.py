"""The registry, the docs and the command agree on what each network can do."""

from __future__ import annotations

import json
from io import StringIO
from pathlib import Path

from django.core.management import call_command
from django.utils.module_loading import import_string

from comptoir.networks.registry import LISTED, NETWORKS

DOCS = Path(__file__).resolve().parents[2] / "docs" / "networks"


def test_networks_list_json_names_the_open_networks_and_their_capabilities():
    out = StringIO()
    call_command("networks", "list", "--json", stdout=out)
    listed = {network["slug"]: network for network in json.loads(out.getvalue())}
    assert set(listed) == {"sandbox", "bluesky", "mastodon", "rss"}
    assert {"publisher", "engagement", "listener", "metrics"} <= set(
        listed["bluesky"]["capabilities"]
    )
    assert {"publisher", "engagement", "messaging"} <= set(listed["mastodon"]["capabilities"])
    assert listed["rss"]["capabilities"] == ["listener"]
    assert listed["bluesky"]["limits"]["counting"] == "graphemes"
    assert listed["mastodon"]["limits"]["url_length"] == 23


def test_every_listed_network_has_its_documentation_page():
    for spec in LISTED:
        assert (DOCS / f"{spec.slug}.md").exists(), f"docs/networks/{spec.slug}.md is missing"


def test_every_network_can_be_connected():
    for spec in NETWORKS:
        import_string(spec.connect_view)
        if spec.callback_view:
            import_string(spec.callback_view)
        elif spec.listed:
            assert hasattr(spec.connector_class, "connect_form"), spec.slug
            assert callable(getattr(spec.connector_class, "connect", None)), spec.slug
