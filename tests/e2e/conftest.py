"""Browser tests: Debian's Chromium, driven by Playwright, against Django's live server.

Playwright's synchronous API keeps an asyncio event loop marked as running in the test
thread from the first browser test to the end of the session. Django refuses database calls
from such a thread unless DJANGO_ALLOW_ASYNC_UNSAFE is set: it is set here, when pytest
collects this folder. And the browser tests run last, so that no other test ever runs
beside that loop (``asyncio.run`` would refuse to start, for one).
"""

from __future__ import annotations

import os

os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

from collections.abc import Callable
from typing import Any

import pytest
from django.conf import settings
from django.test import Client
from django.utils import translation
from playwright.sync_api import Page

from comptoir.core.management.commands.screenshots import CHROMIUM_ARGS, find_chromium
from tests.conftest import require_peer

DESKTOP = {"width": 1280, "height": 800}
PHONE = {"width": 375, "height": 812}


@pytest.fixture(scope="session")
def chromium_path() -> str:
    """Where Chromium is; the browser tests skip without it (and fail in CI)."""
    path = find_chromium()
    require_peer("Chromium", lambda: path is not None)
    assert path is not None
    return path


@pytest.fixture(scope="session")
def browser_type_launch_args(
    browser_type_launch_args: dict[str, Any], chromium_path: str
) -> dict[str, Any]:
    """Launch the system Chromium: Playwright's own browser downloads are never used."""
    return {**browser_type_launch_args, "executable_path": chromium_path, "args": CHROMIUM_ARGS}


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Move the browser tests to the end of the run, keeping every other order."""
    items.sort(key=lambda item: item.get_closest_marker("browser") is not None)


def tr(language: str, text: str) -> str:
    """``text`` as the interface shows it in ``language``, from the real catalogues."""
    with translation.override(language):
        return translation.gettext(text)


OpenPage = Callable[..., Page]


@pytest.fixture
def open_page(new_context: Callable[..., Any], live_server: Any) -> OpenPage:
    """Open a page on the live server, for a browser in ``locale``, signed in as ``user``.

    Signing in here goes through a session cookie, which is quick; the sign-in form has
    its own test.
    """

    def make(
        *, locale: str = "fr-FR", viewport: dict[str, int] | None = None, user: Any = None
    ) -> Page:
        context = new_context(
            base_url=live_server.url,
            locale=locale,
            viewport=viewport or DESKTOP,
            is_mobile=viewport == PHONE,
            has_touch=viewport == PHONE,
        )
        if user is not None:
            client = Client()
            client.force_login(user, backend="django.contrib.auth.backends.ModelBackend")
            cookie = client.cookies[settings.SESSION_COOKIE_NAME].value
            context.add_cookies(
                [{"name": settings.SESSION_COOKIE_NAME, "value": cookie, "url": live_server.url}]
            )
        page: Page = context.new_page()
        return page

    return make
