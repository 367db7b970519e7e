"""Loading, reloading and resetting the demo workspace, and signing in to it."""

from __future__ import annotations

import stat
from decimal import Decimal

import pytest
from django.core.management import call_command
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from comptoir.accounts.models import User
from comptoir.contacts.models import Person
from comptoir.demo import business
from comptoir.demo.loader import ensure_demo, login_help, password_path, read_password
from comptoir.inbox.models import Conversation, Message
from comptoir.listening.models import Mention, Topic
from comptoir.listening.search import search_workspace
from comptoir.networks.models_sandbox import SandboxPost
from comptoir.publishing.models import Post
from comptoir.workspaces.models import Membership, Objective, Workspace
from tests.demo.conftest import NOW
from tests.demo.helpers import within_hours
from tests.factories import MembershipFactory, MessageFactory, PostFactory, WorkspaceFactory

pytestmark = pytest.mark.django_db


def snapshot(workspace: Workspace) -> list[tuple]:
    """What the demo looks like, without database ids."""
    messages = Message.objects.for_workspace(workspace).select_related(
        "person", "conversation__assignee__user"
    )
    return [
        (
            m.person.handle,
            m.network,
            m.kind,
            m.text,
            m.received_at,
            m.conversation.status,
            m.conversation.assignee.user.email if m.conversation.assignee else None,
            m.replied_at,
        )
        for m in messages.order_by("received_at", "text")
    ] + [
        (p.text, p.status, p.scheduled_at, p.published_at, p.likes, tuple(p.networks))
        for p in Post.objects.for_workspace(workspace).order_by("text")
    ]


def test_the_demo_is_the_bakery_in_orleans():
    workspace = ensure_demo(seed=1, now=NOW)
    assert workspace.is_demo
    assert (workspace.name, workspace.slug) == ("Boulangerie Martin", "boulangerie-martin")
    assert "45000 Orléans" in workspace.address
    assert Decimal("47.85") < workspace.latitude < Decimal("47.95")
    assert Decimal("1.85") < workspace.longitude < Decimal("1.95")
    assert (workspace.radius_km, workspace.sector) == (15, "food")
    assert (workspace.timezone, workspace.language) == ("Europe/Paris", "fr")
    hours = workspace.business_hours
    assert hours["mon"] == []
    assert all(hours[day] for day in ("tue", "wed", "thu", "fri", "sat", "sun"))


def test_six_staff_with_roles_and_expertise():
    workspace = ensure_demo(seed=1, now=NOW)
    members = Membership.objects.for_workspace(workspace).select_related("user")
    assert members.count() == 6
    by_email = {m.user.email: m for m in members}
    claire = by_email["claire.martin@boulangerie-martin.demo"]
    assert claire.role == "owner" and claire.user.full_name == "Claire Martin"
    assert {"commandes", "gâteaux sur mesure"} <= set(claire.expertise)
    assert sorted(m.role for m in members) == sorted(
        ["owner", "manager", "member", "member", "member", "readonly"]
    )
    for member in members:
        assert member.user.email.endswith("@boulangerie-martin.demo")
        assert member.expertise and member.job_title
    tags = {tag for m in members for tag in m.expertise}
    assert {"pain", "farines", "pâtisserie", "allergènes", "horaires", "livraison"} <= tags


def test_the_demo_listens_to_its_topics_and_files_its_mentions_under_them():
    workspace = ensure_demo(seed=1, now=NOW)
    topics = {t.name: t for t in Topic.objects.for_workspace(workspace)}
    assert {"Boulangerie Martin", "Concurrents", "Orléans"} <= set(topics)
    assert topics["Boulangerie Martin"].kind == "brand" and topics["Boulangerie Martin"].active
    mentions = Mention.objects.for_workspace(workspace)
    assert not mentions.filter(topic_ref__isnull=True).exclude(topic="").exists()
    assert all(m.topic_ref.name == m.topic for m in mentions.select_related("topic_ref"))

    # The active topics are searched on the demo's practice network like on a real one.
    SandboxPost.objects.create(
        workspace=workspace,
        author_handle="claire.dubois",
        author_name="Claire Dubois",
        text="Le Fournil Saint-Marceau ouvre le lundi maintenant",
    )
    assert search_workspace(workspace).mentions >= 1
    assert mentions.filter(topic_ref=topics["Concurrents"], text__contains="lundi").exists()


def test_objectives_measure_the_business_in_its_own_terms():
    workspace = ensure_demo(seed=1, now=NOW)
    kinds = set(Objective.objects.for_workspace(workspace).values_list("kind", flat=True))
    assert {"orders", "visits", "reputation", "response_time"} <= kinds


def test_activity_is_stored_with_its_history():
    workspace = ensure_demo(seed=1, now=NOW)
    assert Person.objects.for_workspace(workspace).count() > 50
    assert Message.objects.for_workspace(workspace).count() > 100
    assert Mention.objects.for_workspace(workspace).count() > 20
    assert Post.objects.for_workspace(workspace).filter(status="scheduled").exists()
    owner_posts = Post.objects.for_workspace(workspace).filter(author__email=business.OWNER.email)
    assert owner_posts.exists()


def test_stored_timestamps_are_within_opening_hours():
    workspace = ensure_demo(seed=2, now=NOW)
    hours, tz = workspace.business_hours, workspace.timezone
    moments = [workspace.created_at]
    moments += Membership.objects.for_workspace(workspace).values_list("joined_at", flat=True)
    moments += Person.objects.for_workspace(workspace).values_list("created_at", flat=True)
    for received, replied in Message.objects.for_workspace(workspace).values_list(
        "received_at", "replied_at"
    ):
        moments += [m for m in (received, replied) if m]
    for row in Post.objects.for_workspace(workspace).values_list(
        "created_at", "scheduled_at", "published_at"
    ):
        moments += [m for m in row if m]
    moments += Mention.objects.for_workspace(workspace).values_list("found_at", flat=True)
    assert len(moments) > 300
    assert [m for m in moments if not within_hours(m, hours, tz)] == []


def test_loading_is_deterministic_for_a_seed():
    first = snapshot(ensure_demo(seed=5, now=NOW))
    again = snapshot(ensure_demo(reset=True, seed=5, now=NOW))
    other = snapshot(ensure_demo(reset=True, seed=6, now=NOW))
    assert first == again
    assert first != other


def test_ensure_demo_is_idempotent():
    workspace = ensure_demo(seed=1, now=NOW)
    counts = (Message.objects.count(), Person.objects.count(), User.objects.count())
    assert ensure_demo(seed=99).pk == workspace.pk
    assert (Message.objects.count(), Person.objects.count(), User.objects.count()) == counts


def test_reset_rebuilds_the_demo_and_leaves_other_workspaces_alone():
    demo = ensure_demo(seed=1, now=NOW)
    claire = Membership.objects.get(workspace=demo, user__email=business.OWNER.email)
    users_before = set(User.objects.filter(email__endswith=".demo").values_list("pk", flat=True))
    # Someone plays with the demo...
    claire.expertise = ["tout"]
    claire.save()
    julie = Membership.objects.get(
        workspace=demo, user__email="julie.bernard@boulangerie-martin.demo"
    )
    julie.role = "manager"
    julie.save()
    Conversation.objects.for_workspace(demo).update(status="done")
    visitor = MembershipFactory(workspace=demo, role="member")
    # ...while a real business, where Claire's account is also a member, goes on.
    other = WorkspaceFactory(name="Plomberie Dupont")
    MessageFactory(workspace=other, text="Fuite sous l'évier")
    PostFactory(workspace=other)
    MembershipFactory(workspace=other, user=claire.user, role="member")
    other_rows = (
        Message.objects.for_workspace(other).count(),
        Post.objects.for_workspace(other).count(),
        Membership.objects.for_workspace(other).count(),
    )

    fresh = ensure_demo(reset=True, seed=1, now=NOW)

    assert not Workspace.objects.filter(pk=demo.pk).exists()
    assert fresh.slug == demo.slug and fresh.is_demo
    users_after = set(User.objects.filter(email__endswith=".demo").values_list("pk", flat=True))
    assert users_after == users_before, "the demo accounts are kept"
    members = {
        m.user.email: m for m in Membership.objects.for_workspace(fresh).select_related("user")
    }
    assert len(members) == 6 and visitor.user.email not in members
    assert members[business.OWNER.email].expertise == list(business.OWNER.expertise)
    assert members["julie.bernard@boulangerie-martin.demo"].role == "member"
    assert Conversation.objects.for_workspace(fresh).exclude(status="done").exists()
    assert (
        Message.objects.for_workspace(other).count(),
        Post.objects.for_workspace(other).count(),
        Membership.objects.for_workspace(other).count(),
    ) == other_rows
    assert Message.objects.get(workspace=other).text == "Fuite sous l'évier"


def test_staff_share_a_random_password_kept_readable_by_the_owner_only():
    ensure_demo(seed=1, now=NOW)
    password = read_password()
    assert password and len(password) >= 12
    assert stat.S_IMODE(password_path().stat().st_mode) == 0o600
    for member in business.STAFF:
        assert User.objects.get(email=member.email).check_password(password), member.email
    response = Client().post(
        reverse("accounts:login"), {"username": business.OWNER.email, "password": password}
    )
    assert response.status_code == 302
    assert response.wsgi_request.user.email == business.OWNER.email
    ensure_demo(reset=True, seed=1, now=NOW)
    assert read_password() == password, "the password is drawn once"


def test_another_installation_gets_another_password(settings, tmp_path):
    ensure_demo(seed=1, now=NOW)
    first = read_password()
    settings.DATA_DIR = tmp_path / "elsewhere"
    settings.DATA_DIR.mkdir()
    ensure_demo(seed=1, now=NOW)
    second = read_password()
    assert second and second != first
    user = User.objects.get(email=business.OWNER.email)
    assert user.check_password(second), "accounts follow a password drawn again"


def test_login_help_says_how_to_sign_in_in_french_and_english():
    ensure_demo(seed=1, now=NOW)
    text = login_help()
    assert business.OWNER.email in text
    assert read_password() in text
    assert "connectez-vous" in text and "sign in" in text
    assert "karim.haddad@boulangerie-martin.demo" in text


def test_loading_writes_in_bulk(settings):
    """First starts wait for the demo: its hundreds of rows go in a few statements each."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.PBKDF2PasswordHasher"]
    with CaptureQueriesContext(connection) as queries:
        ensure_demo(seed=1)
    assert len(queries) < 150, f"{len(queries)} statements to load the demo"


def test_demo_command_resets_with_a_seed():
    ensure_demo(seed=1, now=NOW)
    before = set(Message.objects.values_list("pk", flat=True))
    call_command("demo", "--reset", "--seed", "3", stdout=(out := _Output()))
    assert business.OWNER.email in out.text
    workspace = Workspace.objects.get(slug="boulangerie-martin")
    after = set(Message.objects.for_workspace(workspace).values_list("pk", flat=True))
    assert after and not before & after


class _Output:
    def __init__(self) -> None:
        self.text = ""

    def write(self, chunk: str) -> None:
        self.text += chunk

    def flush(self) -> None:
        pass
