"""``comptoir networks list [--json]`` and ``comptoir networks rotate-keys``."""

from __future__ import annotations

import json
from typing import Any

from django.core.management.base import BaseCommand, CommandParser
from django.db import transaction

from comptoir.networks import crypto
from comptoir.networks.models import ConnectedAccount
from comptoir.networks.registry import LISTED


class Command(BaseCommand):
    help = "List the networks Comptoir can connect to, or re-encrypt stored credentials."

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        listing = sub.add_parser("list", help="Networks, their capabilities and limits.")
        listing.add_argument("--json", action="store_true", help="Machine-readable output.")
        sub.add_parser("rotate-keys", help="Re-encrypt credentials with the newest key.")

    def handle(self, *args: Any, **options: Any) -> None:
        if options["action"] == "rotate-keys":
            self.rotate_keys()
            return
        networks = [spec.as_dict() for spec in LISTED]
        if options["json"]:
            self.stdout.write(json.dumps(networks, indent=2, ensure_ascii=False))
            return
        for network in networks:
            limits = network["limits"]
            text = f"{limits['max_text']} {limits['counting']}" if limits["max_text"] else "-"
            self.stdout.write(
                f"{network['slug']:<10} {network['label']:<20} text {text:<16} "
                f"media {limits['max_media']}  {', '.join(network['capabilities'])}"
            )

    def rotate_keys(self) -> None:
        count = 0
        with transaction.atomic():
            for account in ConnectedAccount.objects.select_for_update().exclude(
                credentials_token=""
            ):
                account.credentials_token = crypto.rotate(account.credentials_token)
                account.save(update_fields=["credentials_token"])
                count += 1
        self.stdout.write(f"{count} account(s) re-encrypted with the newest key.")
