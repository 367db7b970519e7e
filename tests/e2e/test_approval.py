"""Approval in a browser: a member's post waits, the owner approves, the author is told."""

from __future__ import annotations

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from comptoir.networks.models import ConnectedAccount
from comptoir.publishing.models import Post, PostStatus, TargetStatus
from comptoir.workspaces.models import ApprovalMode, Role
from tests.e2e.conftest import OpenPage, tr
from tests.factories import MembershipFactory, WorkspaceFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_members_post_waits_for_the_owner_then_is_scheduled(open_page: OpenPage):
    workspace = WorkspaceFactory(name="Boulangerie Martin", approval_mode=ApprovalMode.REQUIRED)
    owner = MembershipFactory(workspace=workspace, role=Role.OWNER).user
    author = MembershipFactory(workspace=workspace, role=Role.MEMBER, posts_need_approval=True).user
    ConnectedAccount.objects.create(
        workspace=workspace, network="sandbox", remote_id="m", handle="martin"
    )

    page = open_page(user=author)
    page.goto(reverse("publishing:compose", args=[workspace.slug]))
    expect(page.get_by_test_id("approval-note")).to_be_visible()
    page.locator("textarea[name=text]").fill("Nouvelle brioche au sucre")
    page.get_by_role("checkbox", name="martin (Bac à sable)").check()
    page.get_by_role("button", name=tr("fr", "Publish now")).click()
    expect(page.get_by_role("status")).to_contain_text(
        tr("fr", "The post waits for approval: a manager has been told.")
    )
    post = Post.objects.get()
    assert post.status == PostStatus.PENDING
    assert post.targets.get().status == TargetStatus.HELD

    approver = open_page(user=owner)
    approver.goto(reverse("publishing:index", args=[workspace.slug]))
    views = approver.get_by_role("navigation", name=tr("fr", "Publishing views"))
    views.get_by_role("link", name=tr("fr", "To approve")).click()
    row = approver.get_by_test_id("approvals").locator(f'[data-post="{post.pk}"]')
    expect(row).to_contain_text("Nouvelle brioche au sucre")
    row.get_by_role("button", name=tr("fr", "Approve")).click()
    expect(approver.get_by_role("status")).to_contain_text(
        tr("fr", "The post is approved: it will be published as planned.")
    )
    post.refresh_from_db()
    assert post.status == PostStatus.SCHEDULED
    assert post.targets.get().status == TargetStatus.SCHEDULED

    page.reload()
    bell = page.get_by_test_id("notifications")
    expect(bell).to_contain_text("1")
    bell.click()
    expect(page.get_by_role("main")).to_contain_text(str(owner))
