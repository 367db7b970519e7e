"""Writing a workspace's posts as CSV, in the columns the import reads back.

Times are written in the workspace's time zone as ``YYYY-MM-DD HH:MM``, as the import
reads them; each account by its handle, or by its number when two accounts share a
handle. A network whose accounts all received the same text, different from the main
text, gets its ``text_<network>`` column, so exporting and importing again gives the same
posts. For Excel, the ``;`` variant starts with a byte-order mark: without it Excel reads
the file as Windows-1252 and breaks every accent. A cell that a spreadsheet would take for
a formula gets a leading apostrophe, which the import removes.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable
from datetime import datetime

from django.db.models import Prefetch, QuerySet

from comptoir.networks.models import ConnectedAccount
from comptoir.publishing import composer
from comptoir.publishing.models import Post, PostTarget
from comptoir.workspaces.models import Workspace

from .csv_import import FORMULA_START

BASE = ["text", "accounts", "scheduled_at", "status"]
TAIL = ["published_at", "remote_urls"]
TIME_FORMAT = "%Y-%m-%d %H:%M"


def protect(value: str) -> str:
    return "'" + value if value.startswith(FORMULA_START) else value


def posts_of(workspace: Workspace) -> QuerySet[Post]:
    targets = PostTarget.objects.select_related("account").order_by("pk")
    posts: QuerySet[Post] = Post.objects.for_workspace(workspace)
    return posts.prefetch_related(Prefetch("targets", queryset=targets)).order_by("created_at")


class Namer:
    """How the file names an account: its handle, unless another account shares it."""

    def __init__(self, workspace: Workspace) -> None:
        accounts: QuerySet[ConnectedAccount] = ConnectedAccount.objects.for_workspace(workspace)
        self.by_id = {account.pk: account for account in accounts}
        handles = [account.handle.lower() for account in self.by_id.values()]
        self.shared = {handle for handle in handles if handles.count(handle) > 1}

    def name(self, account_id: int) -> str:
        account = self.by_id.get(account_id)
        if account is None:
            return str(account_id)
        return str(account.pk) if account.handle.lower() in self.shared else account.handle


def local(moment: datetime | None, workspace: Workspace) -> str:
    return moment.astimezone(workspace.tzinfo).strftime(TIME_FORMAT) if moment else ""


def texts_of(post: Post) -> dict[int, str]:
    """{account id: text} of a post: its targets', or a draft's remembered texts."""
    if post.draft_texts:
        return {int(key): str(value) for key, value in post.draft_texts.items()}
    return {target.account_id: target.text for target in post.targets.all()}


def variants(texts: dict[int, str], namer: Namer, main: str) -> dict[str, str]:
    by_network: dict[str, set[str]] = {}
    for account_id, text in texts.items():
        account = namer.by_id.get(account_id)
        if account is not None:
            by_network.setdefault(account.network, set()).add(text)
    return {
        network: next(iter(found))
        for network, found in by_network.items()
        if len(found) == 1 and found != {main}
    }


def rows(posts: Iterable[Post], workspace: Workspace) -> tuple[list[str], list[list[str]]]:
    namer = Namer(workspace)
    networks = composer.publisher_networks()
    header = BASE + [f"text_{network}" for network in networks] + TAIL
    lines = []
    for post in posts:
        texts = texts_of(post)
        extra = variants(texts, namer, post.text)
        targets = list(post.targets.all())
        lines.append(
            [
                post.text,
                ";".join(namer.name(account_id) for account_id in texts),
                local(post.scheduled_at, workspace),
                post.status,
                *[extra.get(network, "") for network in networks],
                local(post.published_at, workspace),
                " ".join(target.remote_url for target in targets if target.remote_url),
            ]
        )
    return header, lines


def export(workspace: Workspace, delimiter: str = ",") -> str:
    header, lines = rows(posts_of(workspace), workspace)
    buffer = io.StringIO(newline="")
    if delimiter == ";":
        buffer.write("\ufeff")
    writer = csv.writer(buffer, delimiter=delimiter, lineterminator="\r\n")
    writer.writerow(header)
    writer.writerows([protect(cell) for cell in line] for line in lines)
    return buffer.getvalue()
