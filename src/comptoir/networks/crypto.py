"""Encryption at rest of account credentials (tokens, app passwords).

Keys come from ``COMPTOIR_ENCRYPTION_KEYS`` (comma-separated Fernet keys, newest first).
Without it, one key is derived from the secret key, so a laptop install needs nothing.
Rotation: put a new key first, keep the old ones after it, run
``comptoir networks rotate-keys``, then drop the old keys (docs/configuration.md).
"""

from __future__ import annotations

import base64
import hashlib
import json
from functools import cache
from typing import Any

from cryptography.fernet import Fernet, InvalidToken, MultiFernet
from django.conf import settings


@cache
def _fernet(keys: tuple[str, ...], secret_key: str) -> MultiFernet:
    if not keys:
        digest = hashlib.sha256(b"comptoir-credentials:" + secret_key.encode()).digest()
        keys = (base64.urlsafe_b64encode(digest).decode(),)
    return MultiFernet([Fernet(key.encode()) for key in keys])


def fernet() -> MultiFernet:
    keys = tuple(getattr(settings, "ENCRYPTION_KEYS", ()) or ())
    return _fernet(keys, settings.SECRET_KEY)


def encrypt(data: dict[str, Any]) -> str:
    return fernet().encrypt(json.dumps(data, sort_keys=True).encode()).decode()


def decrypt(token: str) -> dict[str, Any]:
    if not token:
        return {}
    try:
        value: dict[str, Any] = json.loads(fernet().decrypt(token.encode()))
    except InvalidToken as exc:
        raise ValueError(
            "Stored credentials cannot be decrypted: COMPTOIR_ENCRYPTION_KEYS lacks the key "
            "they were written with."
        ) from exc
    return value


def rotate(token: str) -> str:
    """Re-encrypt with the newest key."""
    return fernet().rotate(token.encode()).decode() if token else token
