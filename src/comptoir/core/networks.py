"""Names of the social networks Comptoir knows, for labels in lists and filters.

The connector framework registers the networks that can actually be connected; this
list only gives every network a translated, human name wherever one is displayed.
"""

from django.db import models
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _


class Network(models.TextChoices):
    SANDBOX = "sandbox", _("Sandbox")
    BLUESKY = "bluesky", "Bluesky"
    MASTODON = "mastodon", "Mastodon"
    FACEBOOK = "facebook", "Facebook"
    INSTAGRAM = "instagram", "Instagram"
    GOOGLE = "google_business", _("Google reviews")
    RSS = "rss", _("RSS and news")


NAMES: dict[str, str | Promise] = dict(Network.choices)


def network_label(slug: str) -> str:
    """A network's name in the active language ("Bac à sable", never "sandbox"); the code
    itself for a network this list does not know, so something is still shown."""
    return str(NAMES.get(slug, slug))
