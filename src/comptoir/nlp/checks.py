"""Start-up check of the configured language model file.

A wrong ``COMPTOIR_NLP_MODEL`` would otherwise surface only when the first message
arrives, as a failed labelling in a worker's log; ``comptoir run`` and ``comptoir
worker`` refuse to start instead, with the reason.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any

from django.apps import AppConfig
from django.conf import settings
from django.core.checks import Error, register
from django.utils.translation import gettext as _

from .model import ModelFileError, unpack


@register("comptoir")
def configured_model_loads(app_configs: Sequence[AppConfig] | None, **kwargs: Any) -> list[Error]:
    configured = settings.COMPTOIR_NLP_MODEL
    if not configured:
        return []
    path = Path(configured)
    try:
        header, _hashes, _matrix = unpack(path.read_bytes())
    except OSError as exc:
        reason = exc.strerror or str(exc)
    except ModelFileError as exc:
        reason = str(exc)
    else:
        if "heads" in header:
            return []
        reason = _("it is not a Comptoir language model")
    return [
        Error(
            _("The language model %(path)s cannot be used: %(reason)s.")
            % {"path": path, "reason": reason},
            hint=_(
                "Point COMPTOIR_NLP_MODEL to a file written by 'comptoir nlp train', or "
                "leave it empty to use the model shipped with Comptoir."
            ),
            id="comptoir.E004",
        )
    ]
