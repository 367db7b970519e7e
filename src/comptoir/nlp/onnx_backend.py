"""Optional: sentiment from a bigger model the administrator provides as an ONNX file.

Off by default. When the ``COMPTOIR_NLP_ONNX_MODEL`` setting names a file,
:func:`comptoir.nlp.analyse` takes its sentiment from that model and keeps the
shipped model for the language. Nothing is downloaded: the file must already be
on disk, and ``onnxruntime`` must be installed.

Contract for the file: one input, a 1-D tensor of strings (the raw posts);
first output a float tensor of shape (n, 3) with the scores of negative,
neutral and positive, as probabilities or as logits (a softmax is applied when
a row does not sum to 1). Models whose tokeniser is in the graph (for instance
exported with onnxruntime-extensions) fit this contract; their custom operators
are registered when ``onnxruntime_extensions`` is installed.
"""

from __future__ import annotations

import math
import threading
from pathlib import Path
from typing import Any

SETTING = "COMPTOIR_NLP_ONNX_MODEL"


class OnnxModelError(RuntimeError):
    """The configured ONNX model cannot be used."""


class OnnxSentiment:
    """An ONNX sentiment model run on one CPU thread."""

    def __init__(self, path: Path) -> None:
        try:
            import onnxruntime as ort  # type: ignore[import-untyped,import-not-found,unused-ignore]
        except ImportError as exc:
            raise OnnxModelError(
                f"{SETTING} is set but onnxruntime is not installed (pip install onnxruntime)"
            ) from exc
        if not path.is_file():
            raise OnnxModelError(f"{SETTING} names {path}, which is not a file")
        options = ort.SessionOptions()
        options.intra_op_num_threads = 1
        options.inter_op_num_threads = 1
        try:
            from onnxruntime_extensions import (  # type: ignore[import-not-found,unused-ignore]
                get_library_path,
            )
        except ImportError:
            pass
        else:
            options.register_custom_ops_library(get_library_path())
        try:
            self.session = ort.InferenceSession(
                str(path), sess_options=options, providers=["CPUExecutionProvider"]
            )
        except Exception as exc:  # onnxruntime raises its own exception types
            raise OnnxModelError(f"cannot load {path}: {exc}") from exc
        inputs = self.session.get_inputs()
        if len(inputs) != 1:
            raise OnnxModelError(f"{path} must have exactly one input, it has {len(inputs)}")
        self.input_name = inputs[0].name
        self.path = path

    def probabilities(self, text: str) -> tuple[float, float, float]:
        """(negative, neutral, positive) for one post."""
        import numpy as np

        outputs: list[Any] = self.session.run(
            None, {self.input_name: np.array([text], dtype=object)}
        )
        row = [float(v) for v in np.asarray(outputs[0], dtype=np.float64).reshape(-1)[:3]]
        if len(row) != 3:
            raise OnnxModelError(f"{self.path} must output three scores per text")
        if any(v < 0.0 for v in row) or abs(sum(row) - 1.0) > 1e-3:
            top = max(row)
            exps = [math.exp(v - top) for v in row]
            total = sum(exps)
            row = [v / total for v in exps]
        return row[0], row[1], row[2]


def configured_path() -> Path | None:
    """The ONNX model file named by the setting, if any."""
    from django.conf import settings

    value = getattr(settings, SETTING, "") if settings.configured else ""
    return Path(str(value)).expanduser() if value else None


_lock = threading.Lock()
_loaded: dict[Path, OnnxSentiment] = {}


def get_onnx_model() -> OnnxSentiment | None:
    """The configured ONNX model, loaded once per process; None when not configured."""
    path = configured_path()
    if path is None:
        return None
    model = _loaded.get(path)
    if model is None:
        with _lock:
            model = _loaded.get(path)
            if model is None:
                model = _loaded[path] = OnnxSentiment(path)
    return model
