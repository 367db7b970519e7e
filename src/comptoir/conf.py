"""Strict parsers for settings read from the environment.

Every setting of Comptoir is an environment variable with a working default
(see docs/configuration.md). The parsers refuse values they do not understand
instead of guessing, so that a typo is reported at start-up in plain words.
"""

from __future__ import annotations

import os
import secrets
from pathlib import Path


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
            raise ConfigError(f"{name}_FILE points to {file_name!r}, which cannot be read: {exc}")
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


def env_int(name: str, default: int) -> int:
    raw = os.environ.get(name)
    if raw is None or raw == "":
        return default
    try:
        return int(raw)
    except ValueError:
        raise ConfigError(f"{name} must be a whole number, not {raw!r}.") from None


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
            f"COMPTOIR_DATA_DIR ({path}) cannot be created: {exc}. "
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
        # O_EXCL: when a web server and a worker start together, only one writes the key.
        fd = os.open(key_file, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        return key_file.read_text(encoding="utf-8").strip()
    key = secrets.token_urlsafe(50)
    with os.fdopen(fd, "w", encoding="utf-8") as handle:
        handle.write(key)
    return key
