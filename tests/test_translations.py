"""Every user-visible string has a French translation, and the catalogues are current.

Each app keeps its own catalogue in ``<app>/locale/fr/LC_MESSAGES/django.po``. For every
app, the strings are extracted afresh (Django's makemessages, in a copy of the app) and
compared with the committed catalogue: a new string without its French translation fails
here, naming the string and the app.
"""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest
from django.core.management import call_command

from tests.conftest import require_peer

SOURCE = Path(__file__).resolve().parents[1] / "src" / "comptoir"
APPS = sorted(
    path.parent.name
    for path in SOURCE.glob("*/apps.py")
    if any(path.parent.rglob("*.html")) or any(path.parent.rglob("*.py"))
)


def gettext_tools() -> bool:
    return all(shutil.which(tool) for tool in ("xgettext", "msgattrib", "msgfmt"))


def entries(po_file: Path, *flags: str) -> str:
    result = subprocess.run(  # noqa: S603
        ["msgattrib", *flags, "--no-obsolete", "--no-wrap", str(po_file)],  # noqa: S607
        capture_output=True,
        text=True,
        check=True,
    )
    return result.stdout.strip()


def msgids(po_file: Path) -> set[str]:
    ids, current, inside = set(), [], False
    for line in po_file.read_text(encoding="utf-8").splitlines():
        if line.startswith("msgid "):
            current, inside = [line[6:].strip()[1:-1]], True
        elif inside and line.startswith('"'):
            current.append(line.strip()[1:-1])
        else:
            if inside and current and "".join(current):
                ids.add("".join(current))
            inside = False
    return ids


@pytest.mark.parametrize("app", APPS)
def test_app_strings_are_translated_to_french(app, tmp_path, monkeypatch):
    require_peer("GNU gettext", gettext_tools)
    copy = tmp_path / app
    shutil.copytree(SOURCE / app, copy, ignore=shutil.ignore_patterns("__pycache__"))
    (copy / "locale").mkdir(exist_ok=True)
    monkeypatch.chdir(copy)
    call_command("makemessages", locale=["fr"], verbosity=0, no_obsolete=True)
    fresh = copy / "locale" / "fr" / "LC_MESSAGES" / "django.po"
    committed = SOURCE / app / "locale" / "fr" / "LC_MESSAGES" / "django.po"
    needed = msgids(fresh) if fresh.exists() else set()
    if not needed:
        return
    assert committed.exists(), f"{app} has user-visible strings but no French catalogue"
    missing = needed - msgids(committed)
    assert not missing, f"{app}: strings missing from the French catalogue: {sorted(missing)}"
    untranslated = entries(committed, "--untranslated")
    assert not untranslated, f"{app}: untranslated strings:\n{untranslated}"
    fuzzy = entries(committed, "--only-fuzzy")
    assert not fuzzy, f"{app}: translations marked fuzzy (to check):\n{fuzzy}"
    compiled = committed.with_suffix(".mo")
    assert compiled.exists(), f"{app}: run compilemessages and commit django.mo"
    subprocess.run(  # noqa: S603
        ["msgfmt", "--check", "-o", str(tmp_path / "check.mo"), str(committed)],  # noqa: S607
        check=True,
    )
    assert (tmp_path / "check.mo").read_bytes() == compiled.read_bytes(), (
        f"{app}: django.mo is older than django.po; run compilemessages"
    )
