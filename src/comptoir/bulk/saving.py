"""Saving a post made by the bulk tools exactly as the composer saves one.

The composition goes through the workspace's approval rule for its author (a member
whose posts need approval gets them held, and the approvers are told at once), then
through ``composer.save``. Feed rules and CSV imports thus never bypass approval.
"""

from __future__ import annotations

from comptoir.accounts.models import User
from comptoir.publishing import approval, composer, listing
from comptoir.publishing.models import Post, PostStatus
from comptoir.workspaces.models import Membership, Workspace


def save(composition: composer.Composition, workspace: Workspace, author: User | None) -> Post:
    membership = (
        Membership.objects.for_workspace(workspace).filter(user=author).first()
        if author is not None
        else None
    )
    if membership is not None:
        composition = listing.planned(composition, membership, asked=False)
    post = composer.save(composition, workspace, author)
    if post.status == PostStatus.PENDING:
        approval.submitted(post)
    return post
