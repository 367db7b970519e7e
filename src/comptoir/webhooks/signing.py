"""Signing and checking webhook calls: HMAC-SHA256 over a timestamp and the body.

The header reads ``t=<unix time>,v1=<hex digest>``, the digest being computed over
``"<t>." + body`` with the account's secret. The timestamp is signed too, so an old call
replayed later is refused; a replayed call is harmless anyway, as it only asks for a
reading that polling would do.
"""

from __future__ import annotations

import hashlib
import hmac
import time

HEADER = "X-Comptoir-Signature"
TOLERANCE_SECONDS = 300


def signature(secret: str, body: bytes, timestamp: int | None = None) -> str:
    moment = int(time.time()) if timestamp is None else timestamp
    digest = hmac.new(secret.encode(), f"{moment}.".encode() + body, hashlib.sha256)
    return f"t={moment},v1={digest.hexdigest()}"


def is_valid(secret: str, body: bytes, header: str, now: float | None = None) -> bool:
    """True when ``header`` signs ``body`` with ``secret``, recently; compared in constant
    time so the answer's timing tells nothing about the expected digest."""
    parts = dict(part.split("=", 1) for part in header.split(",") if "=" in part)
    try:
        moment = int(parts.get("t", ""))
    except ValueError:
        return False
    if abs((time.time() if now is None else now) - moment) > TOLERANCE_SECONDS:
        return False
    expected = signature(secret, body, moment).split("v1=", 1)[1]
    return hmac.compare_digest(expected, parts.get("v1", ""))
