"""Settings read from the environment: strict parsers, secrets from files, the secret key."""

from __future__ import annotations

import subprocess
import sys
import threading

import pytest

from comptoir.conf import (
    ConfigError,
    data_dir,
    database_config,
    env_bool,
    env_choice,
    env_float,
    env_int,
    env_list,
    env_secret,
    redact_url,
    secret_key,
)


@pytest.mark.parametrize(
    ("raw", "expected"),
    [("1", True), ("true", True), ("Yes", True), (" on ", True), ("0", False), ("off", False)],
)
def test_env_bool_understands_usual_spellings(monkeypatch, raw, expected):
    monkeypatch.setenv("COMPTOIR_X", raw)
    assert env_bool("COMPTOIR_X", default=not expected) is expected


def test_env_bool_uses_the_default_when_unset_or_empty(monkeypatch):
    monkeypatch.delenv("COMPTOIR_X", raising=False)
    assert env_bool("COMPTOIR_X", default=True) is True
    monkeypatch.setenv("COMPTOIR_X", "")
    assert env_bool("COMPTOIR_X", default=False) is False


def test_env_bool_refuses_anything_else(monkeypatch):
    monkeypatch.setenv("COMPTOIR_X", "maybe")
    with pytest.raises(ConfigError, match="COMPTOIR_X must be true or false, not 'maybe'"):
        env_bool("COMPTOIR_X", default=False)


def test_env_int(monkeypatch):
    monkeypatch.setenv("COMPTOIR_X", " 12 ")
    assert env_int("COMPTOIR_X", 5) == 12
    monkeypatch.setenv("COMPTOIR_X", "1.5")
    with pytest.raises(ConfigError, match="whole number"):
        env_int("COMPTOIR_X", 5)
    monkeypatch.setenv("COMPTOIR_X", "0")
    with pytest.raises(ConfigError, match="at least 1, not 0"):
        env_int("COMPTOIR_X", 5, minimum=1)
    monkeypatch.delenv("COMPTOIR_X")
    assert env_int("COMPTOIR_X", 5) == 5


def test_env_float_accepts_fractions_and_refuses_nonsense(monkeypatch):
    monkeypatch.setenv("COMPTOIR_X", "0.25")
    assert env_float("COMPTOIR_X", 5.0) == 0.25
    for bad in ("fast", "nan", "inf"):
        monkeypatch.setenv("COMPTOIR_X", bad)
        with pytest.raises(ConfigError, match="must be a number"):
            env_float("COMPTOIR_X", 5.0)
    monkeypatch.setenv("COMPTOIR_X", "0.01")
    with pytest.raises(ConfigError, match=r"at least 0\.05"):
        env_float("COMPTOIR_X", 5.0, minimum=0.05)


def test_env_list_and_choice(monkeypatch):
    monkeypatch.setenv("COMPTOIR_X", " a.example, b.example ,,")
    assert env_list("COMPTOIR_X", []) == ["a.example", "b.example"]
    monkeypatch.setenv("COMPTOIR_X", "   ")
    assert env_list("COMPTOIR_X", ["default"]) == ["default"]
    monkeypatch.setenv("COMPTOIR_Y", "rq")
    assert env_choice("COMPTOIR_Y", ("db", "rq"), "db") == "rq"
    monkeypatch.setenv("COMPTOIR_Y", "celery")
    with pytest.raises(ConfigError, match="must be one of db, rq, not 'celery'"):
        env_choice("COMPTOIR_Y", ("db", "rq"), "db")


def test_secret_read_from_a_file_wins_over_the_variable(monkeypatch, tmp_path):
    secret = tmp_path / "password"
    secret.write_text("from-the-file\n")
    monkeypatch.setenv("COMPTOIR_PASSWORD", "from-the-variable")
    monkeypatch.setenv("COMPTOIR_PASSWORD_FILE", str(secret))
    assert env_secret("COMPTOIR_PASSWORD") == "from-the-file"
    monkeypatch.delenv("COMPTOIR_PASSWORD_FILE")
    assert env_secret("COMPTOIR_PASSWORD") == "from-the-variable"


def test_unreadable_secret_file_is_reported_plainly(monkeypatch, tmp_path):
    monkeypatch.setenv("COMPTOIR_PASSWORD_FILE", str(tmp_path / "missing"))
    with pytest.raises(ConfigError, match=r"COMPTOIR_PASSWORD_FILE points to .*cannot be read"):
        env_secret("COMPTOIR_PASSWORD")


def test_generated_secret_key_is_kept_in_the_data_folder(monkeypatch, tmp_path):
    monkeypatch.delenv("COMPTOIR_SECRET_KEY", raising=False)
    monkeypatch.delenv("COMPTOIR_SECRET_KEY_FILE", raising=False)
    first = secret_key(tmp_path)
    assert len(first) >= 32
    assert (tmp_path / "secret_key").stat().st_mode & 0o777 == 0o600
    assert secret_key(tmp_path) == first, "the same key after a restart"
    assert [path.name for path in tmp_path.iterdir()] == ["secret_key"], "no draft left over"


def test_processes_starting_together_share_one_key(monkeypatch, tmp_path):
    monkeypatch.delenv("COMPTOIR_SECRET_KEY", raising=False)
    monkeypatch.delenv("COMPTOIR_SECRET_KEY_FILE", raising=False)
    keys: list[str] = []
    threads = [threading.Thread(target=lambda: keys.append(secret_key(tmp_path))) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert len(keys) == 8
    assert len(set(keys)) == 1


def test_configured_secret_key(monkeypatch, tmp_path):
    monkeypatch.setenv("COMPTOIR_SECRET_KEY", "k" * 40)
    assert secret_key(tmp_path) == "k" * 40
    assert not (tmp_path / "secret_key").exists()
    monkeypatch.setenv("COMPTOIR_SECRET_KEY", "short")
    with pytest.raises(ConfigError, match="too short"):
        secret_key(tmp_path)


def test_damaged_key_file_is_reported(monkeypatch, tmp_path):
    monkeypatch.delenv("COMPTOIR_SECRET_KEY", raising=False)
    monkeypatch.delenv("COMPTOIR_SECRET_KEY_FILE", raising=False)
    (tmp_path / "secret_key").write_text("")
    with pytest.raises(ConfigError, match="damaged"):
        secret_key(tmp_path)


def test_data_dir_is_created_or_reported(monkeypatch, tmp_path):
    monkeypatch.setenv("COMPTOIR_DATA_DIR", str(tmp_path / "new" / "folder"))
    assert data_dir() == tmp_path / "new" / "folder"
    assert data_dir().is_dir()
    (tmp_path / "a-file").write_text("")
    monkeypatch.setenv("COMPTOIR_DATA_DIR", str(tmp_path / "a-file" / "folder"))
    with pytest.raises(ConfigError, match="cannot be created"):
        data_dir()


def test_database_config_accepts_sqlite_and_postgresql():
    sqlite = database_config("sqlite:////srv/comptoir/db.sqlite3")
    assert sqlite["ENGINE"] == "django.db.backends.sqlite3"
    assert sqlite["NAME"] == "/srv/comptoir/db.sqlite3"
    postgres = database_config("postgres://comptoir:s%40cret@db.example:5433/comptoir")
    assert postgres["ENGINE"] == "django.db.backends.postgresql"
    assert (postgres["USER"], postgres["PASSWORD"]) == ("comptoir", "s@cret")
    assert postgres["HOST"] == "db.example"
    assert (postgres["PORT"], postgres["NAME"]) == (5433, "comptoir")


@pytest.mark.parametrize(
    ("url", "message"),
    [
        ("mysql://root:pw@localhost/comptoir", "does not support"),
        ("localhost:5432", "not a database address"),
        ("postgres://u:pw@host:port/name", "not a database address"),
        ("postgres://u:pw@host:5432", "does not name a database"),
        ("sqlite://", "in memory"),
    ],
)
def test_database_config_refuses_what_comptoir_cannot_use(url, message):
    with pytest.raises(ConfigError, match=message) as caught:
        database_config(url)
    assert "pw" not in str(caught.value), "passwords are never printed"


def test_redact_url_hides_passwords_only():
    assert redact_url("redis://:pw@host:6379/0") == "redis://:***@host:6379/0"
    assert redact_url("postgres://user:pw@host/db") == "postgres://user:***@host/db"
    assert redact_url("redis://host:6379/0") == "redis://host:6379/0"


def test_a_bad_setting_stops_the_command_with_one_plain_sentence(tmp_path):
    result = subprocess.run(
        [sys.executable, "-m", "comptoir", "check"],
        env={"PATH": "/usr/bin:/bin", "COMPTOIR_DATA_DIR": str(tmp_path), "COMPTOIR_DEBUG": "si"},
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert result.returncode == 2
    assert result.stderr == (
        "Comptoir cannot start: COMPTOIR_DEBUG must be true or false, not 'si'.\n"
    )
