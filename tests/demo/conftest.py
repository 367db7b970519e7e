"""Fixtures for the demo: a private data folder (for the password file) and a pinned clock."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest

PARIS = ZoneInfo("Europe/Paris")
# A Saturday late morning in spring: the period spans the switch to summer time.
NOW = datetime(2025, 4, 12, 11, 20, tzinfo=PARIS)


@pytest.fixture(autouse=True)
def demo_settings(settings, tmp_path):
    settings.DATA_DIR = tmp_path
    return settings


@pytest.fixture
def now() -> datetime:
    return NOW
