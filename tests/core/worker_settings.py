"""Settings for the worker processes the tests start: Comptoir's own, plus test jobs."""

from comptoir.settings import *  # noqa: F403
from comptoir.settings import INSTALLED_APPS

INSTALLED_APPS = [*INSTALLED_APPS, "tests.core.periodic"]
