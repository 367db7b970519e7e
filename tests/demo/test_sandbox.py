"""The demo is connected to the practice network, where its scheduled posts really go out."""

from __future__ import annotations

import pytest

from comptoir.demo.loader import ensure_demo
from comptoir.networks.models import ConnectedAccount
from comptoir.networks.models_sandbox import SandboxPost
from comptoir.publishing.engine import due_target_ids, publish_target
from comptoir.publishing.models import Post, PostTarget
from tests.demo.conftest import NOW

pytestmark = pytest.mark.django_db


def test_the_demo_has_a_sandbox_account_and_nothing_else():
    workspace = ensure_demo(seed=1, now=NOW)
    accounts = ConnectedAccount.objects.for_workspace(workspace)
    assert [(a.network, a.status, a.display_name) for a in accounts] == [
        ("sandbox", "active", "Boulangerie Martin")
    ]


def test_every_scheduled_post_waits_for_the_engine_on_the_sandbox():
    workspace = ensure_demo(seed=1, now=NOW)
    scheduled = Post.objects.for_workspace(workspace).filter(status="scheduled")
    targets = PostTarget.objects.for_workspace(workspace).select_related("post", "account")
    assert scheduled.count() >= 3
    assert sorted(t.post_id for t in targets) == sorted(p.pk for p in scheduled)
    for target in targets:
        assert "sandbox" in target.post.networks
        assert target.account.network == "sandbox"
        assert (target.status, target.due_at, target.text) == (
            "scheduled",
            target.post.scheduled_at,
            target.post.text,
        )


def test_a_due_post_is_published_on_the_sandbox_then_the_demo_still_resets():
    workspace = ensure_demo(seed=1, now=NOW)
    first = PostTarget.objects.for_workspace(workspace).order_by("due_at").first()
    assert due_target_ids(now=first.due_at) == [first.pk]
    assert publish_target(first.pk, "demo-test") == "published"
    first.post.refresh_from_db()
    assert first.post.status == "published"
    assert SandboxPost.objects.filter(workspace_id=workspace.pk, text=first.text).exists()

    fresh = ensure_demo(reset=True, seed=1, now=NOW)
    assert PostTarget.objects.for_workspace(fresh).filter(status="scheduled").count() >= 3
    assert not SandboxPost.objects.filter(workspace_id=workspace.pk).exists()


def test_posts_only_name_the_networks_the_demo_is_connected_to():
    workspace = ensure_demo(seed=1, now=NOW)
    connected = {a.network for a in ConnectedAccount.objects.for_workspace(workspace)}
    posts = Post.objects.for_workspace(workspace).prefetch_related("targets__account")
    for post in posts:
        assert set(post.networks) <= connected
        if post.status == "scheduled":
            assert post.networks == sorted({t.account.network for t in post.targets.all()})
