"""Load the demo workspace, the Boulangerie Martin, into the database.

``comptoir run`` calls ``ensure_demo()`` on every start: it does nothing when the demo is
already there. ``ensure_demo(reset=True)`` (``comptoir demo --reset``, or the owner's
"Reset the demo" button) deletes the demo workspace with everything in it and builds it
again; the six staff accounts are kept, and their memberships recreated as on day one.

The staff share one password, drawn at random the first time and kept in the data folder
(readable by its owner only), so that a fresh installation never ships a known password.
"""

from __future__ import annotations

import os
import secrets
import time
from datetime import datetime
from pathlib import Path

from django.conf import settings
from django.contrib.auth.hashers import make_password
from django.db import transaction
from django.utils import timezone

from comptoir.accounts.models import User
from comptoir.contacts.identities import backdate, people_for
from comptoir.demo import business, content
from comptoir.demo.generator import Activity, generate
from comptoir.inbox.labelling import label_messages
from comptoir.inbox.models import Conversation, Message
from comptoir.listening.models import Mention, Topic
from comptoir.networks.actions import save_connection
from comptoir.networks.models import ConnectedAccount
from comptoir.networks.sandbox.connector import SandboxConnector
from comptoir.publishing.models import Post, PostStatus, PostTarget
from comptoir.workspaces.models import Membership, Objective, Workspace

DEMO_SLUG = business.SLUG
OWNER_EMAIL = business.OWNER.email
PASSWORD_FILE = "demo-password.txt"  # noqa: S105 (a file name)
# Easy to read aloud and to type: no 0/O, 1/l/I.
PASSWORD_ALPHABET = "abcdefghijkmnopqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789"  # noqa: S105


def password_path() -> Path:
    return Path(settings.DATA_DIR) / PASSWORD_FILE


def read_password() -> str | None:
    path = password_path()
    try:
        password = path.read_text(encoding="utf-8").strip()
    except FileNotFoundError:
        return None
    if path.stat().st_mode & 0o077:  # widened by hand or by a copy: only its owner may read it
        path.chmod(0o600)
    return password or None


def ensure_password() -> tuple[str, bool]:
    """The demo password and whether it was just created (then accounts must follow it)."""
    for attempt in range(20):
        existing = read_password()
        if existing:
            return existing, False
        password = "-".join(
            "".join(secrets.choice(PASSWORD_ALPHABET) for _ in range(4)) for _ in range(3)
        )
        path = password_path()
        if path.exists() and attempt < 10:  # empty: maybe being written by another process
            time.sleep(0.05)
            continue
        flags = os.O_WRONLY | os.O_CREAT | (os.O_TRUNC if path.exists() else os.O_EXCL)
        try:
            # Readable by its owner only from the first byte: the mode is set at creation.
            descriptor = os.open(path, flags, 0o600)
        except FileExistsError:  # another process is writing it right now: read theirs
            time.sleep(0.05)
            continue
        with os.fdopen(descriptor, "w", encoding="utf-8") as handle:
            handle.write(password + "\n")
        path.chmod(0o600)
        return password, True
    raise RuntimeError(f"{password_path()} stays empty; delete it and try again.")


def ensure_demo(
    *, reset: bool = False, seed: int | None = None, now: datetime | None = None
) -> Workspace:
    """The demo workspace, built if missing or if ``reset``; ``now`` pins the timeline."""
    password, new_password = ensure_password()
    with transaction.atomic():
        existing = Workspace.objects.filter(slug=DEMO_SLUG).first()
        if existing is not None and not reset:
            if new_password:  # the password file was lost: give the accounts the new one
                User.objects.filter(email__in=staff_emails()).update(
                    password=make_password(password)
                )
            return existing
        if existing is not None:
            # Publications hold their account with a protecting key: they go first.
            PostTarget.objects.for_workspace(existing).delete()
            existing.delete()
        users = staff_accounts(password, new_password)
        return build(users, generate(seed, now or timezone.now()))


def staff_emails() -> list[str]:
    return [member.email for member in business.STAFF]


def staff_accounts(password: str, new_password: bool) -> dict[str, User]:
    """One account per colleague, created once; kept (with their password) on reset."""
    found = {user.email: user for user in User.objects.filter(email__in=staff_emails())}
    missing = [member for member in business.STAFF if member.email not in found]
    if missing or new_password:
        hashed = make_password(password)  # hashing is slow: once for everybody
        if new_password:
            User.objects.filter(email__in=list(found)).update(password=hashed)
        created = User.objects.bulk_create(
            User(email=member.email, full_name=member.full_name, password=hashed)
            for member in missing
        )
        found.update({user.email: user for user in created})
    return {member.key: found[member.email] for member in business.STAFF}


def build(users: dict[str, User], activity: Activity) -> Workspace:
    workspace = Workspace.objects.create(
        name=business.NAME,
        slug=DEMO_SLUG,
        address=business.ADDRESS,
        latitude=business.LATITUDE,
        longitude=business.LONGITUDE,
        radius_km=business.RADIUS_KM,
        sector=business.SECTOR,
        timezone=business.TIMEZONE,
        language=business.LANGUAGE,
        business_hours=business.BUSINESS_HOURS,
        is_demo=True,
    )
    memberships = {
        member.key: Membership(
            workspace=workspace,
            user=users[member.key],
            role=member.role,
            expertise=list(member.expertise),
            job_title=member.job_title,
        )
        for member in business.STAFF
    }
    Membership.objects.bulk_create(memberships.values())
    Objective.objects.bulk_create(
        Objective(
            workspace=workspace,
            kind=goal.kind,
            label=goal.label,
            target=goal.target,
            unit=goal.unit,
        )
        for goal in business.OBJECTIVES
    )
    # The team set the workspace up at the start of the period, not at load time.
    Workspace.objects.filter(pk=workspace.pk).update(created_at=activity.start)
    Membership.objects.for_workspace(workspace).update(joined_at=activity.start)
    Objective.objects.for_workspace(workspace).update(created_at=activity.start)
    workspace.created_at = activity.start

    found = {
        network: people_for(
            workspace,
            network,
            [(p.handle, p.display_name) for p in activity.people if p.network == network],
        )
        for network in {p.network for p in activity.people}
    }
    people = [found[p.network][p.handle] for p in activity.people]
    for person, record in zip(people, activity.people, strict=True):
        person.created_at = record.first_seen
    backdate(people)
    # Demo messages come with no network thread: each one is its own conversation.
    conversations = Conversation.objects.bulk_create(
        Conversation(
            workspace=workspace,
            network=m.network,
            person=people[m.person],
            status=m.status,
            assignee=memberships[m.assignee] if m.assignee else None,
            started_at=m.received_at,
            last_message_at=m.received_at,
            waiting_since=None if m.replied_at or m.status == "done" else m.received_at,
            first_response_at=m.replied_at,
            resolved_at=m.replied_at if m.status == "done" else None,
        )
        for m in activity.messages
    )
    messages = [
        Message(
            workspace=workspace,
            conversation=conversation,
            network=m.network,
            kind=m.kind,
            person=people[m.person],
            text=m.text,
            received_at=m.received_at,
            replied_at=m.replied_at,
        )
        for m, conversation in zip(activity.messages, conversations, strict=True)
    ]
    label_messages(messages)
    Message.objects.bulk_create(messages)
    for conversation, message in zip(conversations, messages, strict=True):
        conversation.language = message.language
        conversation.sentiment = message.sentiment
        conversation.intent = message.intent
    Conversation.objects.bulk_update(conversations, ["language", "sentiment", "intent"])
    posts = Post.objects.bulk_create(
        Post(
            workspace=workspace,
            author=users[p.author],
            text=p.text,
            networks=connected_only(p.networks),
            status=p.status,
            scheduled_at=p.scheduled_at,
            published_at=p.published_at,
            likes=p.likes,
            comments=p.comments,
            shares=p.shares,
        )
        for p in activity.posts
    )
    for post, post_record in zip(posts, activity.posts, strict=True):
        post.created_at = post_record.created_at
    Post.objects.bulk_update(posts, ["created_at"])
    schedule_on_sandbox(workspace, users[business.OWNER.key], posts, activity.start)
    topics = listening_topics(workspace, {m.topic for m in activity.mentions if m.topic})
    Mention.objects.bulk_create(
        Mention(
            workspace=workspace,
            network=m.network,
            author_name=m.author_name,
            author_handle=m.author_handle,
            text=m.text,
            topic=m.topic,
            topic_ref=topics.get(m.topic),
            found_at=m.found_at,
        )
        for m in activity.mentions
    )
    return workspace


def listening_topics(workspace: Workspace, names: set[str]) -> dict[str, Topic]:
    """The bakery's listening topics, by name: the searches then run on the sandbox."""
    topics = {}
    for name in sorted(names):
        kind, terms, excluded, active = content.LISTENING.get(name, ("other", name, "", False))
        topics[name] = Topic.objects.create(
            workspace=workspace,
            name=name,
            kind=kind,
            terms=terms,
            excluded=excluded,
            active=active,
        )
    return topics


def connected_only(networks: tuple[str, ...]) -> list[str]:
    """The networks among ``networks`` the demo has an account on: only the sandbox.

    A post's networks are where it really goes (its targets). The generated history also
    names Facebook or Bluesky, which shape the reactions, but the demo is connected to
    none of them: listing them would claim accounts nobody connected.
    """
    return [network for network in networks if network == "sandbox"]


def schedule_on_sandbox(
    workspace: Workspace, owner: User, posts: list[Post], connected_at: datetime
) -> None:
    """Connect the practice network and hand the scheduled posts to the publishing engine.

    The sandbox needs no outside account: it is what keeps the demo alive, its simulated
    customers reacting to what the bakery publishes, and the scheduled posts really going
    out there when they fall due rather than staying "scheduled" in the past.
    """
    info = SandboxConnector.connect({"display_name": business.NAME})
    account = save_connection(workspace, "sandbox", info, owner)
    ConnectedAccount.objects.filter(pk=account.pk).update(created_at=connected_at)
    PostTarget.objects.bulk_create(
        PostTarget(
            workspace=workspace,
            post=post,
            account=account,
            text=post.text,
            due_at=post.scheduled_at,
            idempotency_key=secrets.token_hex(16),
        )
        for post in posts
        if post.scheduled_at is not None
        and post.status == PostStatus.SCHEDULED
        and "sandbox" in post.networks
    )


def login_help() -> str:
    """How to sign in to the demo, in French then English, for the terminal."""
    password = read_password()
    if password is None:
        return (
            "Espace de démonstration : lancez « comptoir demo » pour créer les comptes.\n"
            "Demo workspace: run `comptoir demo` to create the accounts.\n"
        )
    team = "\n".join(f"    {member.email:<40} {member.job_title}" for member in business.STAFF[1:])
    return (
        f"Espace de démonstration « {business.NAME} » — connectez-vous avec :\n"
        f"Demo workspace “{business.NAME}” — sign in with:\n"
        f"  e-mail / email:               {OWNER_EMAIL}\n"
        f"  mot de passe / password:      {password}\n"
        "  Le reste de l'équipe a le même mot de passe / the rest of the team shares it:\n"
        f"{team}\n"
        f"  (mot de passe conservé dans / password kept in {password_path()})\n"
    )
