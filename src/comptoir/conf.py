"""Strict parsers for settings read from the environment.

Every setting of Comptoir is an environment variable with a working default
(see docs/configuration.md). The parsers refuse values they do not understand
instead of guessing, so that a typo is reported at start-up in plain words.
"""

from __future__ import annotations

import math
import os
import secrets
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit, urlunsplit

import dj_database_url


class ConfigError(Exception):
    """A setting has a value Comptoir cannot use; the message says which and why."""


def env_str(name: str, default: str = "") -> str:
    return os.environ.get(name, default)


def env_secret(name: str, default: str = "") -> str:
    """Read a secret from NAME, or from the file named by NAME_FILE (Docker secrets style)."""
    file_name = os.environ.get(f"{name}_FILE")
    if file_name:
        try:
            return Path(file_name).read_text(encoding="utf-8").strip()
        except OSError as exc:
            raise ConfigError(
                f"{name}_FILE points to {file_name!r}, which cannot be read: {exc.strerror}."
            ) from exc
    return os.environ.get(name, default)


def env_bool(name: str, *, default: bool) -> bool:
    raw = os.environ.get(name)
    if raw is None or raw == "":
        return default
    value = raw.strip().lower()
    if value in {"1", "true", "yes", "on"}:
        return True
    if value in {"0", "false", "no", "off"}:
        return False
    raise ConfigError(f"{name} must be true or false, not {raw!r}.")


def env_int(name: str, default: int, *, minimum: int | None = None) -> int:
    raw = os.environ.get(name)
    if raw is None or raw.strip() == "":
        return default
    try:
        value = int(raw.strip())
    except ValueError:
        raise ConfigError(f"{name} must be a whole number, not {raw!r}.") from None
    if minimum is not None and value < minimum:
        raise ConfigError(f"{name} must be at least {minimum}, not {value}.")
    return value


def env_float(name: str, default: float, *, minimum: float | None = None) -> float:
    """A number that may have a fractional part, e.g. a delay of 0.5 seconds."""
    raw = os.environ.get(name)
    if raw is None or raw.strip() == "":
        return default
    try:
        value = float(raw.strip())
    except ValueError:
        raise ConfigError(f"{name} must be a number such as 5 or 0.5, not {raw!r}.") from None
    if not math.isfinite(value):
        raise ConfigError(f"{name} must be a number such as 5 or 0.5, not {raw!r}.")
    if minimum is not None and value < minimum:
        raise ConfigError(f"{name} must be at least {minimum}, not {raw.strip()}.")
    return value


def env_list(name: str, default: list[str]) -> list[str]:
    raw = os.environ.get(name)
    if raw is None or raw.strip() == "":
        return default
    return [item.strip() for item in raw.split(",") if item.strip()]


def env_choice(name: str, choices: tuple[str, ...], default: str) -> str:
    value = os.environ.get(name, "").strip() or default
    if value not in choices:
        raise ConfigError(f"{name} must be one of {', '.join(choices)}, not {value!r}.")
    return value


def default_data_dir() -> Path:
    base = os.environ.get("XDG_DATA_HOME") or str(Path.home() / ".local" / "share")
    return Path(base) / "comptoir"


def data_dir() -> Path:
    """The folder holding the SQLite database, the secret key and uploaded media."""
    path = Path(os.environ.get("COMPTOIR_DATA_DIR") or default_data_dir()).expanduser()
    try:
        path.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise ConfigError(
            f"COMPTOIR_DATA_DIR ({path}) cannot be created: {exc.strerror}. "
            "Point it to a folder Comptoir may write to."
        ) from exc
    return path


def secret_key(folder: Path) -> str:
    """Use COMPTOIR_SECRET_KEY if given, else a key generated once and kept in the data folder.

    Keeping the generated key on disk means sessions and password-reset links survive
    restarts without the user ever having to invent a secret.
    """
    configured = env_secret("COMPTOIR_SECRET_KEY")
    if configured:
        if len(configured) < 32:
            raise ConfigError("COMPTOIR_SECRET_KEY is too short: use at least 32 characters.")
        return configured
    key_file = folder / "secret_key"
    try:
        if not key_file.exists():
            _write_new_key(key_file)
        key = key_file.read_text(encoding="utf-8").strip()
    except OSError as exc:
        raise ConfigError(
            f"The secret key file {key_file} cannot be read or written: {exc.strerror}. "
            "Check the permissions of COMPTOIR_DATA_DIR, or set COMPTOIR_SECRET_KEY."
        ) from exc
    if len(key) < 32:
        raise ConfigError(
            f"The secret key file {key_file} is damaged (too short). Delete it and Comptoir "
            "will make a new one (everyone will have to sign in again)."
        )
    return key


def _write_new_key(key_file: Path) -> None:
    """Write the key in full under another name, then link it into place.

    A web server and a worker often start together: linking is atomic and fails if the file
    already exists, so the one that loses reads the winner's complete key, never a half
    written one.
    """
    draft = key_file.with_name(f".{key_file.name}.{os.getpid()}.{secrets.token_hex(4)}")
    fd = os.open(draft, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            handle.write(secrets.token_urlsafe(50))
        os.link(draft, key_file)
    except FileExistsError:
        pass
    finally:
        draft.unlink(missing_ok=True)


SUPPORTED_DATABASES = {
    "django.db.backends.sqlite3": "SQLite",
    "django.db.backends.postgresql": "PostgreSQL",
}


def database_config(url: str) -> dict[str, Any]:
    """Turn DATABASE_URL into Django's settings, refusing what Comptoir cannot run on."""
    try:
        config: dict[str, Any] = dict(dj_database_url.parse(url, conn_max_age=60))
    except ValueError:
        raise ConfigError(
            f"DATABASE_URL ({redact_url(url)}) is not a database address Comptoir understands. "
            "Use sqlite:////path/to/file.sqlite3 or postgres://user:password@host:5432/name "
            "(write special characters of the password as %XX, e.g. %40 for @)."
        ) from None
    if config.get("ENGINE") not in SUPPORTED_DATABASES:
        raise ConfigError(
            f"DATABASE_URL ({redact_url(url)}) names a database Comptoir does not support: "
            "use SQLite (sqlite:///...) or PostgreSQL (postgres://...)."
        )
    if not config.get("NAME"):
        raise ConfigError(f"DATABASE_URL ({redact_url(url)}) does not name a database.")
    if config["NAME"] == ":memory:":
        raise ConfigError(
            f"DATABASE_URL ({redact_url(url)}) asks for a database in memory, which the web "
            "server and the workers cannot share: give a file, e.g. sqlite:////path/to/file.sqlite3."
        )
    return config


def redact_url(url: str) -> str:
    """The URL with its password hidden, safe to print in messages and on the status page."""
    try:
        parts = urlsplit(url)
        if parts.password is None:
            return url
        netloc = parts.netloc.rsplit("@", 1)[1]
        user = parts.username or ""
        return urlunsplit(parts._replace(netloc=f"{user}:***@{netloc}"))
    except ValueError:
        return "<unreadable address>"
