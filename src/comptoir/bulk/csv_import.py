"""Reading a CSV file of posts: the file's shape, then each row checked as the composer would.

Nothing here saves while checking: ``read`` gives every row with its problems for the
preview page, and ``save`` hands the rows without problems to ``composer.save`` (with the
workspace's approval rule, as the composer applies it). The texts are checked with
``composer.problems_for`` and the times with ``composer.future_time``, so a row is refused
for exactly the reasons the composer would refuse it, in the same words.

French Excel writes ``;`` between columns and may start the file with a byte-order mark;
both separators and both encodings of UTF-8 are accepted. Dates may be written as in ISO
8601, as ``YYYY-MM-DD HH:MM`` or as Excel shows them in France, ``DD/MM/YYYY HH:MM``; a
date without an offset is a time in the workspace's time zone.
"""

from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass, field
from datetime import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from comptoir.accounts.models import User
from comptoir.bulk import saving
from comptoir.networks.models import ConnectedAccount
from comptoir.publishing import composer
from comptoir.publishing.models import Post
from comptoir.publishing.utm import outgoing_text
from comptoir.workspaces.models import Workspace

MAX_BYTES = 1_000_000
MAX_ROWS = 500
REQUIRED = ("text", "accounts")
KNOWN = ("text", "accounts", "scheduled_at", "status")
# Columns our own export adds; read back without complaint, and ignored.
EXPORT_ONLY = ("published_at", "remote_urls")
LOCAL_FORMATS = ("%Y-%m-%d %H:%M", "%Y-%m-%dT%H:%M", "%d/%m/%Y %H:%M", "%Y-%m-%d %H:%M:%S")
ACCOUNT_SEPARATOR = re.compile(r"[;,\s]+")
STATUSES = {
    "": "",
    "draft": composer.DRAFT,
    "brouillon": composer.DRAFT,
    "scheduled": composer.SCHEDULE,
    "programmé": composer.SCHEDULE,
    "programme": composer.SCHEDULE,
}
# A cell starting with one of these is read as a formula by spreadsheets; the export
# protects it with a leading apostrophe, taken off again here.
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


class FileProblem(Exception):
    """The file as a whole cannot be read; the message says why and what to do."""


@dataclass
class Row:
    line: int
    text: str
    accounts: list[ConnectedAccount] = field(default_factory=list)
    texts: dict[ConnectedAccount, str] = field(default_factory=dict)
    action: str = composer.DRAFT
    when: datetime | None = None
    errors: list[str] = field(default_factory=list)

    @property
    def valid(self) -> bool:
        return not self.errors

    def previews(self) -> list[tuple[ConnectedAccount, str]]:
        """Each account with the text that would go out there (links tagged)."""
        return [(account, outgoing_text(account, text)) for account, text in self.texts.items()]

    def composition(self) -> composer.Composition:
        return composer.Composition(self.text, self.texts, self.action, self.when)


def unprotect(value: str) -> str:
    if value.startswith("'") and value[1:].startswith(FORMULA_START):
        return value[1:]
    return value


def decode(content: bytes) -> str:
    if len(content) > MAX_BYTES:
        raise FileProblem(
            _("The file is too large (%(size)s kB); the limit is %(limit)s kB.")
            % {"size": len(content) // 1000, "limit": MAX_BYTES // 1000}
        )
    try:
        return content.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise FileProblem(
            _(
                "The file is not in UTF-8. In Excel, choose “CSV UTF-8” when saving; in "
                "LibreOffice, choose the “Unicode (UTF-8)” character set."
            )
        ) from None


def separator(text: str) -> str:
    """``;`` when the header line has more of them than commas (French Excel), else ``,``."""
    header = text.split("\n", 1)[0]
    return ";" if header.count(";") > header.count(",") else ","


class AccountFinder:
    """Accounts named in the file by their number, or by their handle (with or without @)."""

    def __init__(self, workspace: Workspace) -> None:
        self.accounts = list(composer.publishable_accounts(workspace))
        self.by_id = {str(account.pk): account for account in self.accounts}
        self.by_handle: dict[str, list[ConnectedAccount]] = {}
        for account in self.accounts:
            self.by_handle.setdefault(account.handle.lower().lstrip("@"), []).append(account)

    def find(self, names: str, errors: list[str]) -> list[ConnectedAccount]:
        found: list[ConnectedAccount] = []
        for name in ACCOUNT_SEPARATOR.split(names.strip()):
            if not name:
                continue
            matches = (
                [self.by_id[name]]
                if name in self.by_id
                else self.by_handle.get(name.lower().lstrip("@"), [])
            )
            if not matches:
                errors.append(_("Unknown account “%(name)s”.") % {"name": name})
            elif len(matches) > 1:
                numbers = ", ".join(str(account.pk) for account in matches)
                errors.append(
                    _(
                        "“%(name)s” names several accounts; write the number of the one "
                        "you mean (%(numbers)s)."
                    )
                    % {"name": name, "numbers": numbers}
                )
            else:
                found += [account for account in matches if account not in found]
        return found


def parse_time(raw: str, workspace: Workspace, errors: list[str]) -> datetime | None:
    """The row's time as an aware datetime, in the future, or None with an error added."""
    local = None
    try:
        moment = datetime.fromisoformat(raw)
    except ValueError:
        for pattern in LOCAL_FORMATS:
            try:
                local = datetime.strptime(raw, pattern)
                break
            except ValueError:
                continue
        else:
            errors.append(
                _("“%(value)s” is not a date; write it as 2026-06-12 09:30.") % {"value": raw}
            )
            return None
    else:
        local = moment
        if moment.tzinfo is not None:
            local = moment.astimezone(workspace.tzinfo).replace(tzinfo=None)
    try:
        return composer.future_time(local, workspace.tzinfo)
    except ValidationError as error:
        errors.extend(error.messages)
        return None


def check_row(
    line: int,
    cells: dict[str, str],
    networks: list[str],
    finder: AccountFinder,
    workspace: Workspace,
) -> Row:
    text = cells.get("text", "")
    row = Row(line=line, text=text)
    row.accounts = finder.find(cells.get("accounts", ""), row.errors)
    status = cells.get("status", "").lower()
    if status not in STATUSES:
        row.errors.append(
            _("A post with the status “%(value)s” cannot be imported: write draft or scheduled.")
            % {"value": status}
        )
    raw_time = cells.get("scheduled_at", "")
    if raw_time:
        row.when = parse_time(raw_time, workspace, row.errors)
    row.action = STATUSES.get(status) or (composer.SCHEDULE if raw_time else composer.DRAFT)
    if row.action == composer.SCHEDULE:
        if not raw_time:
            row.errors.append(_("A scheduled post needs a date in the scheduled_at column."))
        if not row.accounts and not cells.get("accounts", "").strip():
            row.errors.append(_("Choose at least one account to publish on."))
    variants = {network: cells.get(f"text_{network}", "") for network in networks}
    if not text and not any(variants.values()):
        row.errors.append(_("The text is empty."))
        return row
    for account in row.accounts:
        row.texts[account] = variants.get(account.network) or text
        if not text and not variants.get(account.network):
            row.errors.append(
                _("The text for %(account)s is empty.")
                % {"account": composer.account_label(account)}
            )
        else:
            row.errors += composer.problems_for(account, row.texts[account])
    if not text:
        row.text = next(value for value in variants.values() if value)
    return row


def header_of(reader: csv.DictReader[str]) -> list[str]:
    names = [str(name or "").strip().lower() for name in reader.fieldnames or []]
    missing = [name for name in REQUIRED if name not in names]
    if missing:
        raise FileProblem(
            _(
                "The first line must name the columns; “%(column)s” is missing. Expected "
                "columns: text, accounts, scheduled_at, and optionally status and "
                "text_<network>."
            )
            % {"column": missing[0]}
        )
    networks = set(composer.publisher_networks())
    for name in names:
        variant = name.removeprefix("text_")
        if name.startswith("text_") and variant not in networks:
            raise FileProblem(
                _("Unknown column “%(column)s”: the networks are %(networks)s.")
                % {"column": name, "networks": ", ".join(sorted(networks))}
            )
    return names


def read(content: bytes, workspace: Workspace) -> list[Row]:
    """Every row of the file, checked; raises ``FileProblem`` for a file that is unusable."""
    text = decode(content)
    if not text.strip():
        raise FileProblem(_("The file is empty."))
    reader = csv.DictReader(io.StringIO(text, newline=""), delimiter=separator(text))
    try:
        names = header_of(reader)
        reader.fieldnames = names
        networks = [name.removeprefix("text_") for name in names if name.startswith("text_")]
        finder = AccountFinder(workspace)
        rows: list[Row] = []
        for raw in reader:
            if len(rows) >= MAX_ROWS:
                raise FileProblem(
                    _("The file has more than %(limit)s posts; split it into several files.")
                    % {"limit": MAX_ROWS}
                )
            cells = {
                str(key): unprotect(str(value or "").strip())
                for key, value in raw.items()
                if key is not None and not isinstance(value, list)
            }
            if not any(cells.values()):
                continue  # a blank line, often left at the end by spreadsheets
            rows.append(check_row(reader.line_num, cells, networks, finder, workspace))
    except csv.Error as error:
        raise FileProblem(
            _("The file is not a readable CSV file (line %(line)s).") % {"line": reader.line_num}
        ) from error
    if not rows:
        raise FileProblem(_("The file has no post in it, only the line of column names."))
    return rows


def save(rows: list[Row], workspace: Workspace, author: User | None) -> list[Post]:
    """Save the valid rows through the composer, all or none."""
    with transaction.atomic():
        return [saving.save(row.composition(), workspace, author) for row in rows if row.valid]
