"""Mastodon: one connected account on one instance, through the Mastodon.py SDK."""
