"""The ``comptoir`` command.

``comptoir run``, ``comptoir worker``, ``comptoir demo`` and every other Django
management command (``comptoir migrate``, ``comptoir createsuperuser``...) go through
Django's own command machinery; ``comptoir manage <command>`` is accepted as well.
"""

from __future__ import annotations

import os
import sys


def main(argv: list[str] | None = None) -> None:
    args = list(sys.argv[1:] if argv is None else argv)
    if args[:1] == ["manage"]:
        args = args[1:]
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "comptoir.settings")
    from django.core.management import execute_from_command_line

    from comptoir.conf import ConfigError

    try:
        execute_from_command_line(["comptoir", *args])
    except ConfigError as exc:
        sys.stderr.write(f"Comptoir cannot start: {exc}\n")
        sys.exit(2)


if __name__ == "__main__":
    main()
