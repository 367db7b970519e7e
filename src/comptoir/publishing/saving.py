"""Turning a valid composer form into a saved post, with its images, in one transaction.

The composer's buttons and the drafts saved while the person types both go through
``save_composed``, so a post is saved one way only whatever started the saving.
"""

from __future__ import annotations

from django.db import transaction

from comptoir.media import compose as media_compose
from comptoir.publishing import composer, listing
from comptoir.publishing.forms import ComposeForm
from comptoir.publishing.models import Post
from comptoir.workspaces.models import Membership


def save_composed(form: ComposeForm, membership: Membership, post: Post | None) -> Post:
    """Save the validated ``form`` as a new post, or rewrite the draft ``post`` with it.

    Raises ``ValidationError`` when the composition cannot be saved (the draft was
    scheduled meanwhile, the queue is full...). The images are attached in the same
    transaction: a worker never sees the post's targets without them.
    """
    with transaction.atomic():
        saved = composer.save(
            listing.planned(
                form.composition(),
                membership,
                form.cleaned_data.get("ask_approval", False),
            ),
            form.workspace,
            membership.user,
            post,
        )
        # Every occurrence of a repeating post carries the images.
        for occurrence in composer.saved_together(saved):
            media_compose.attach(occurrence, form.cleaned_data["attachments"])
    return saved
