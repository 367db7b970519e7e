"""Fixtures for the integration tests that talk to real peers started by the suite."""

from __future__ import annotations

import pytest

from tests.peers.bluesky_network import bluesky_network

__all__ = ["bluesky_network"]


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line(
        "markers", "integration: talks to a real peer server that the test suite starts"
    )
