"""The documentation keeps up with the code: every setting read has its own entry.

Modelled on the habit of documenting each setting under its own anchor, this test reads
the sources rather than a hand-kept list, so adding ``env_int("COMPTOIR_SOMETHING", ...)``
to the settings without a section in docs/configuration.md fails here.
"""

from __future__ import annotations

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SOURCE = ROOT / "src" / "comptoir"
CONFIGURATION = ROOT / "docs" / "configuration.md"

# env_str("NAME"), env_secret("NAME"), ... and any parser added later under the same prefix.
PARSER_CALL = re.compile(r"\benv_\w+\(\s*[\"']([A-Z][A-Z0-9_]*)[\"']")
# os.environ.get("NAME"), os.getenv("NAME"), os.environ["NAME"]
ENVIRON_READ = re.compile(
    r"\bos\.(?:environ\.get|getenv)\(\s*[\"']([A-Z][A-Z0-9_]*)[\"']"
    r"|\bos\.environ\[\s*[\"']([A-Z][A-Z0-9_]*)[\"']\s*\]"
)
SECRET_CALL = re.compile(r"\benv_secret\(\s*[\"']([A-Z][A-Z0-9_]*)[\"']")
HEADING = re.compile(r"^#{2,4}\s+`([A-Z][A-Z0-9_]*)`\s*$", re.MULTILINE)


def names_in(pattern: re.Pattern[str], text: str) -> set[str]:
    return {group for match in pattern.finditer(text) for group in match.groups() if group}


def settings_sources() -> dict[str, str]:
    """settings.py and conf.py entirely, plus every module that calls an env_* parser."""
    sources = {}
    for path in sorted(SOURCE.rglob("*.py")):
        text = path.read_text(encoding="utf-8")
        is_settings = path.parent == SOURCE and path.name in {"settings.py", "conf.py"}
        if is_settings or (PARSER_CALL.search(text) and "migrations" not in path.parts):
            sources[str(path.relative_to(SOURCE))] = text
    return sources


def variables_read() -> set[str]:
    names: set[str] = set()
    for relative, text in settings_sources().items():
        names |= names_in(PARSER_CALL, text)
        if relative in {"settings.py", "conf.py"}:
            names |= names_in(ENVIRON_READ, text)
    return names


def documented() -> set[str]:
    return set(HEADING.findall(CONFIGURATION.read_text(encoding="utf-8")))


def test_the_scan_finds_the_settings_it_must():
    # Guards the regular expressions themselves: if these were missed, the scan is broken.
    assert {"COMPTOIR_DATA_DIR", "COMPTOIR_SECRET_KEY", "DATABASE_URL", "COMPTOIR_TASKS"} <= (
        variables_read()
    )


def test_every_environment_variable_has_a_section():
    missing = sorted(variables_read() - documented())
    assert not missing, (
        f"docs/configuration.md has no section (a heading such as ### `NAME`) for: {missing}"
    )


def test_no_section_documents_a_variable_nobody_reads():
    stale = sorted(documented() - variables_read())
    assert not stale, f"docs/configuration.md documents variables no longer read: {stale}"


def test_secrets_mention_their_file_variant():
    text = CONFIGURATION.read_text(encoding="utf-8")
    secrets = set()
    for source in settings_sources().values():
        secrets |= names_in(SECRET_CALL, source)
    missing = sorted(name for name in secrets if f"{name}_FILE" not in text)
    assert not missing, f"docs/configuration.md does not explain the *_FILE variant of {missing}"


def test_every_section_gives_a_default_and_an_example():
    text = CONFIGURATION.read_text(encoding="utf-8")
    incomplete = []
    for section in re.split(r"^(?=#{2,4} )", text, flags=re.MULTILINE):
        heading = HEADING.match(section)
        if heading and ("Default" not in section or "Example" not in section):
            incomplete.append(heading.group(1))
    assert not incomplete, f"these sections lack a Default or an Example line: {incomplete}"


def test_the_readme_screenshots_exist():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    images = re.findall(r"\]\((docs/screenshots/[^)]+\.png)\)", readme)
    assert images, "the README shows no screenshot of the interface"
    assert all((ROOT / image).is_file() for image in images), images
