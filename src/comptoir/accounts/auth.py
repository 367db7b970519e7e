"""Typed access to the signed-in user, for views already behind ``login_required``."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest

from comptoir.accounts.models import User


def signed_in_user(request: HttpRequest) -> User:
    """The request's user as a ``User``; anonymous visitors are refused outright."""
    user = request.user
    if not isinstance(user, User) or not user.is_authenticated:
        raise PermissionDenied
    return user
