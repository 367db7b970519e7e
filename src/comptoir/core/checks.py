"""Start-up checks that say in plain words what stops Comptoir from working.

They are Django system checks, so ``comptoir check`` shows them too. Those that need a
server (database, Redis) carry Django's ``database`` tag: Django runs them only when asked
(``comptoir check --database default``, ``migrate``), and ``comptoir run`` and
``comptoir worker`` always ask, before they start.
"""

from __future__ import annotations

import tempfile
from collections.abc import Sequence
from typing import Any

from django.apps import AppConfig
from django.conf import settings
from django.core.checks import CheckMessage, Error, Tags, Warning, register
from django.db import DatabaseError, connections
from django.utils.translation import gettext as _

from comptoir.conf import redact_url


@register("comptoir")
def data_dir_writable(app_configs: Sequence[AppConfig] | None, **kwargs: Any) -> list[Error]:
    """The data folder holds the SQLite database, the secret key and uploads."""
    folder = settings.DATA_DIR
    try:
        with tempfile.NamedTemporaryFile(dir=folder, prefix=".write-test-"):
            pass
    except OSError as exc:
        return [
            Error(
                _("Comptoir cannot write in its data folder %(folder)s (%(reason)s).")
                % {"folder": folder, "reason": exc.strerror or exc},
                hint=_(
                    "Give the user running Comptoir the right to write there, or point "
                    "COMPTOIR_DATA_DIR to another folder."
                ),
                id="comptoir.E001",
            )
        ]
    return []


@register("comptoir")
def scheduler_tick(app_configs: Sequence[AppConfig] | None, **kwargs: Any) -> list[Warning]:
    if settings.SCHEDULER_TICK_SECONDS > 60:
        return [
            Warning(
                _(
                    "COMPTOIR_SCHEDULER_TICK is %(seconds)g seconds: periodic jobs may start up "
                    "to that late, and the status page needs three ticks to notice a stopped "
                    "worker."
                )
                % {"seconds": settings.SCHEDULER_TICK_SECONDS},
                hint=_("A value between 1 and 10 seconds suits most installations."),
                id="comptoir.W001",
            )
        ]
    return []


def describe_database(alias: str) -> str:
    config = connections[alias].settings_dict
    if config["ENGINE"].endswith("sqlite3"):
        return _("the SQLite database %(file)s") % {"file": config["NAME"]}
    host = config.get("HOST") or "localhost"
    port = config.get("PORT") or "5432"
    return _("the PostgreSQL database “%(name)s” on %(host)s:%(port)s") % {
        "name": config["NAME"],
        "host": host,
        "port": port,
    }


@register(Tags.database)
def database_reachable(
    app_configs: Sequence[AppConfig] | None, databases: Sequence[str] | None = None, **kwargs: Any
) -> list[Error]:
    errors = []
    for alias in databases or []:
        try:
            with connections[alias].cursor() as cursor:
                cursor.execute("SELECT 1")
        except DatabaseError as exc:
            errors.append(
                Error(
                    _("Comptoir cannot reach %(database)s: %(reason)s")
                    % {"database": describe_database(alias), "reason": first_line(exc)},
                    hint=_(
                        "Check DATABASE_URL (address, user, password, database name) and that "
                        "the database server is running."
                    ),
                    id="comptoir.E002",
                )
            )
    return errors


@register(Tags.database)
def redis_reachable(
    app_configs: Sequence[AppConfig] | None, databases: Sequence[str] | None = None, **kwargs: Any
) -> list[Error]:
    """With COMPTOIR_TASKS=rq the queue lives in Redis: nothing runs without it."""
    if settings.TASKS_BACKEND != "rq" or not databases:
        return []
    import redis

    try:
        client = redis.Redis.from_url(
            settings.REDIS_URL, socket_connect_timeout=3, socket_timeout=3
        )
        client.ping()
    except (redis.RedisError, ValueError, OSError) as exc:
        return [
            Error(
                _("Comptoir cannot reach Redis at %(url)s: %(reason)s")
                % {"url": redact_url(settings.REDIS_URL), "reason": first_line(exc)},
                hint=_(
                    "COMPTOIR_TASKS=rq keeps the task queue in Redis. Start Redis, correct "
                    "REDIS_URL, or use COMPTOIR_TASKS=db to keep the queue in the database."
                ),
                id="comptoir.E003",
            )
        ]
    return []


def first_line(exc: BaseException) -> str:
    text = str(exc).strip() or type(exc).__name__
    return text.splitlines()[0]


def startup_problems() -> list[CheckMessage]:
    """Every check, including the database and Redis ones, as ``run`` and ``worker`` need."""
    from django.core import checks

    return list(checks.run_checks(databases=list(settings.DATABASES)))


def format_problems(problems: Sequence[CheckMessage]) -> str:
    """The messages as a person reads them: what is wrong, then what to do."""
    lines = []
    for problem in problems:
        lines.append(f"- {problem.msg}")
        if problem.hint:
            lines.append(f"  {problem.hint}")
    return "\n".join(lines)
