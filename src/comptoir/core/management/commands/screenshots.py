"""``comptoir screenshots --out DIR``: pictures of the real interface for the docs.

The pages are served by the real application (waitress, with a task worker beside it) on
a free port of 127.0.0.1, filled with the demo workspace, and photographed in French by
Chromium through Playwright, at desktop and phone widths. By default everything happens
in a throw-away data folder with its own SQLite database, so the pictures never show
anyone's real data and running the command twice gives the same pages.

Settings are read once, when Django starts; to work in another data folder the command
therefore runs itself again in a child process whose environment points there.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.urls import reverse

if TYPE_CHECKING:
    from playwright.sync_api import Browser, Page

# Debian's Chromium, started the way that works in containers and on machines without a
# display; the browser tests launch it with the same arguments.
CHROMIUM_CANDIDATES = ("chromium", "chromium-browser", "google-chrome")
CHROMIUM_ARGS = (
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
)


def find_chromium() -> str | None:
    """The Chromium to drive: ``/usr/bin/chromium`` on Debian, else the first one on PATH."""
    if Path("/usr/bin/chromium").is_file():
        return "/usr/bin/chromium"
    for name in CHROMIUM_CANDIDATES:
        found = shutil.which(name)
        if found:
            return found
    return None


@dataclass(frozen=True)
class Size:
    name: str
    width: int
    height: int


SIZES = (Size("desktop", 1280, 800), Size("phone", 375, 812))


@dataclass(frozen=True)
class Shot:
    name: str
    url: str


class Command(BaseCommand):
    help = (
        "Photograph the main pages (French, desktop and phone) with Chromium into --out, "
        "using the demo workspace in a temporary data folder."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--out", required=True, help="Folder for the PNG files.")
        parser.add_argument(
            "--data-dir",
            default=None,
            help="Use this data folder (and the configured database) instead of a "
            "temporary one; the demo workspace is added to it if missing.",
        )
        parser.add_argument("--seed", type=int, default=1, help="Random seed of the demo activity.")

    def handle(self, *args: Any, **options: Any) -> None:
        out = Path(options["out"]).expanduser().resolve()
        if options["data_dir"] is None:
            with tempfile.TemporaryDirectory(prefix="comptoir-screenshots-") as folder:
                self.run_in_child(out, Path(folder), options["seed"], fresh=True)
            return
        target = Path(options["data_dir"]).expanduser().resolve()
        if target != Path(settings.DATA_DIR).resolve():
            self.run_in_child(out, target, options["seed"], fresh=False)
            return
        self.capture(out, options["seed"])

    def run_in_child(self, out: Path, folder: Path, seed: int, *, fresh: bool) -> None:
        """Run this command again with COMPTOIR_DATA_DIR set to ``folder``.

        A fresh folder also gets a fresh SQLite database and the database task queue,
        whatever this machine is configured with, so nothing real is read or written.
        """
        env = dict(os.environ, COMPTOIR_DATA_DIR=str(folder))
        if fresh:
            for name in ("DATABASE_URL", "DATABASE_URL_FILE"):
                env.pop(name, None)
            env["COMPTOIR_TASKS"] = "db"
            env.setdefault("COMPTOIR_LOG_LEVEL", "WARNING")
        command = [
            sys.executable,
            "-m",
            "comptoir",
            "screenshots",
            "--out",
            str(out),
            "--data-dir",
            str(folder),
            "--seed",
            str(seed),
        ]
        result = subprocess.run(command, env=env, check=False)  # noqa: S603
        if result.returncode != 0:
            raise CommandError("Taking the screenshots failed (see the messages above).")

    def capture(self, out: Path, seed: int) -> None:
        try:
            from playwright.sync_api import sync_playwright
        except ImportError:
            raise CommandError(
                'Playwright is missing: install the test extras with pip install -e ".[test]".'
            ) from None
        chromium = find_chromium()
        if chromium is None:
            raise CommandError("Chromium is missing: install it (apt-get install chromium).")

        # Everything that touches the database happens here, before Playwright starts:
        # Playwright's synchronous API keeps an event loop in this thread, and Django
        # refuses database calls from a thread with a running event loop.
        call_command("migrate", interactive=False, verbosity=0)
        from comptoir.demo.loader import OWNER_EMAIL, ensure_demo, read_password

        workspace = ensure_demo(seed=seed)
        password = read_password()
        if password is None:
            raise CommandError("The demo workspace has no password file; run `comptoir demo`.")
        shots = [
            Shot("dashboard", reverse("workspaces:dashboard", args=[workspace.slug])),
            Shot("inbox", reverse("inbox:index", args=[workspace.slug])),
            Shot("team", reverse("workspaces:team", args=[workspace.slug])),
            Shot("status", reverse("status")),
        ]
        login_url = reverse("accounts:login")

        out.mkdir(parents=True, exist_ok=True)
        with serving() as base_url, sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=chromium, args=CHROMIUM_ARGS)
            try:
                for size in SIZES:
                    self.photograph(
                        browser, base_url, size, out, login_url, shots, (OWNER_EMAIL, password)
                    )
            finally:
                browser.close()

    def photograph(
        self,
        browser: Browser,
        base_url: str,
        size: Size,
        out: Path,
        login_url: str,
        shots: list[Shot],
        credentials: tuple[str, str],
    ) -> None:
        """Sign in through the real form, then photograph each page at one size."""
        context = browser.new_context(
            base_url=base_url,
            locale="fr-FR",
            timezone_id="Europe/Paris",
            viewport={"width": size.width, "height": size.height},
            is_mobile=size.name == "phone",
            has_touch=size.name == "phone",
        )
        try:
            page = context.new_page()
            page.goto(login_url)
            self.save(page, out / f"signin-{size.name}.png")
            page.locator("input[name=username]").fill(credentials[0])
            page.locator("input[name=password]").fill(credentials[1])
            page.locator("form button[type=submit]").click()
            page.wait_for_url(lambda url: "/accounts/login/" not in url)
            for shot in shots:
                page.goto(shot.url)
                self.save(page, out / f"{shot.name}-{size.name}.png")
        finally:
            context.close()

    def save(self, page: Page, path: Path) -> None:
        page.wait_for_load_state("networkidle")
        page.screenshot(path=str(path), animations="disabled", caret="hide")
        self.stdout.write(f"  {path}")


@contextmanager
def serving() -> Iterator[str]:
    """Serve the application and run a task worker until the block ends; yield the URL."""
    from waitress.server import create_server

    from comptoir.core.management.commands.run import Command as RunCommand
    from comptoir.wsgi import application

    # The configured host names may not include the loopback address used here.
    if "*" not in settings.ALLOWED_HOSTS and "127.0.0.1" not in settings.ALLOWED_HOSTS:
        settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, "127.0.0.1"]
    server: Any = create_server(application, host="127.0.0.1", port=0, threads=4, ident="Comptoir")
    thread = threading.Thread(target=server.run, name="comptoir-screenshots-web", daemon=True)
    thread.start()
    # The same worker as ``comptoir run``, so the status page shows a live one.
    stop_worker: Callable[[], None] | None = RunCommand().start_worker()
    try:
        yield f"http://127.0.0.1:{server.effective_port}"
    finally:
        if stop_worker is not None:
            stop_worker()
        server.close()
