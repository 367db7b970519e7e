"""Comptoir: a self-hosted social media workspace for small businesses."""

__version__ = "0.1.0"
