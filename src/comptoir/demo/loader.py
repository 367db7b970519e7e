"""The demo workspace (minimal version, replaced by the full generator)."""

from __future__ import annotations

import secrets

from django.conf import settings
from django.db import transaction

from comptoir.accounts.models import User
from comptoir.workspaces.models import Membership, Role, Workspace

DEMO_SLUG = "boulangerie-martin"
OWNER_EMAIL = "claire.martin@boulangerie-martin.demo"


def password_file() -> object:
    return settings.DATA_DIR / "demo-password.txt"


def demo_password() -> str:
    path = settings.DATA_DIR / "demo-password.txt"
    if path.exists():
        return path.read_text(encoding="utf-8").strip()
    password = secrets.token_urlsafe(9)
    path.write_text(password, encoding="utf-8")
    path.chmod(0o600)
    return password


@transaction.atomic
def ensure_demo(*, reset: bool = False, seed: int | None = None) -> Workspace:
    existing = Workspace.objects.filter(slug=DEMO_SLUG).first()
    if existing and not reset:
        return existing
    if existing:
        existing.delete()
    workspace = Workspace.objects.create(name="Boulangerie Martin", slug=DEMO_SLUG, is_demo=True)
    owner = User.objects.filter(email=OWNER_EMAIL).first()
    if owner is None:
        owner = User.objects.create_user(OWNER_EMAIL, demo_password(), full_name="Claire Martin")
    Membership.objects.create(workspace=workspace, user=owner, role=Role.OWNER)
    return workspace


def login_help() -> str:
    return (
        f"Demo workspace / espace de démonstration: sign in with / connectez-vous avec\n"
        f"  {OWNER_EMAIL}\n  {demo_password()}\n"
    )
