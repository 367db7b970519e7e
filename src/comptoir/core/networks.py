"""Names of the social networks Comptoir knows, for labels in lists and filters.

The connector framework registers the networks that can actually be connected; this
list only gives every network a translated, human name wherever one is displayed.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Network(models.TextChoices):
    SANDBOX = "sandbox", _("Sandbox")
    BLUESKY = "bluesky", "Bluesky"
    MASTODON = "mastodon", "Mastodon"
    FACEBOOK = "facebook", "Facebook"
    INSTAGRAM = "instagram", "Instagram"
    GOOGLE = "google_business", _("Google reviews")
    RSS = "rss", _("RSS and news")
