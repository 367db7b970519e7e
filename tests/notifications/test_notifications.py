"""Notifications: stored in the recipient's language, emailed after commit, read on opening."""

from __future__ import annotations

import pytest
from django.core import mail
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from comptoir.notifications.actions import notify
from comptoir.notifications.models import Notification
from comptoir.workspaces.models import Membership
from tests.factories import MembershipFactory, UserFactory, WorkspaceFactory

pytestmark = pytest.mark.django_db


def test_each_recipient_reads_it_in_their_language_and_gets_an_email(
    owner, workspace, django_capture_on_commit_callbacks
):
    english = MembershipFactory(workspace=workspace, user=UserFactory(language="en"))
    french = MembershipFactory(workspace=workspace, user=UserFactory(language="fr"))
    with django_capture_on_commit_callbacks(execute=True):
        notify(
            workspace,
            [english, french],
            _("Mark all as read"),
            url=reverse("notifications:index", args=[workspace.slug]),
        )
    titles = {n.recipient_id: n.title for n in Notification.objects.all()}
    assert titles == {english.user_id: "Mark all as read", french.user_id: "Tout marquer comme lu"}
    assert sorted(m.to[0] for m in mail.outbox) == sorted([english.user.email, french.user.email])
    assert "http" in mail.outbox[0].body and "/notifications/" in mail.outbox[0].body


def test_no_email_when_the_work_is_rolled_back(workspace, django_capture_on_commit_callbacks):
    member = MembershipFactory(workspace=workspace)
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        notify(workspace, [member], "Hello")
    assert len(callbacks) == 1 and not mail.outbox


def test_only_paths_of_this_site(workspace):
    member = MembershipFactory(workspace=workspace)
    for url in ("https://evil.example/", "//evil.example/", "javascript:alert(1)"):
        with pytest.raises(ValueError):
            notify(workspace, [member], "Hello", url=url)


def test_opening_marks_read_and_the_count_drops(owner, owner_client, workspace):
    target = reverse("inbox:index", args=[workspace.slug])
    me = Membership.objects.get(workspace=workspace, user=owner)
    (notification,) = notify(workspace, [me], "Une conversation pour vous", url=target)
    page = owner_client.get(reverse("workspaces:dashboard", args=[workspace.slug]))
    assert "1 nouvelle notification" in page.content.decode()
    response = owner_client.get(
        reverse("notifications:open", args=[workspace.slug, notification.pk])
    )
    assert response.status_code == 302 and response["Location"] == target
    notification.refresh_from_db()
    assert notification.read_at is not None
    page = owner_client.get(reverse("notifications:index", args=[workspace.slug]))
    assert "Une conversation pour vous" in page.content.decode()
    assert "0 nouvelle notification" in page.content.decode()


def test_someone_elses_notification_is_not_found(owner, owner_client, workspace):
    colleague = MembershipFactory(workspace=workspace)
    (theirs,) = notify(workspace, [colleague], "Pas pour vous")
    other = WorkspaceFactory()
    (elsewhere,) = notify(other, [MembershipFactory(workspace=other, user=owner)], "Ailleurs")
    for pk in (theirs.pk, elsewhere.pk):
        response = owner_client.get(reverse("notifications:open", args=[workspace.slug, pk]))
        assert response.status_code == 404
