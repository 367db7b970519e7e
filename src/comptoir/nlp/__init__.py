"""Language, sentiment and intent of posts, on the CPU, with models shipped in the package.

Use :func:`analyse`; see docs/nlp.md for the models and how they are trained.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from .api import Analysis, analyse

__all__ = ["Analysis", "analyse"]


def __getattr__(name: str) -> Any:
    # Imported lazily so that loading the Django app does not import numpy.
    if name in __all__:
        from . import api

        return getattr(api, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
