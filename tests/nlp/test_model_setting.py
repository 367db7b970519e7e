"""COMPTOIR_NLP_MODEL: a retrained model file used instead of the shipped one."""

from __future__ import annotations

import shutil
import zlib

import pytest

from comptoir.nlp import model as model_module
from comptoir.nlp.checks import configured_model_loads
from comptoir.nlp.model import MODEL_FILE, NlpModel, get_model, model_file


@pytest.fixture
def fresh_model(monkeypatch):
    """Forget the process-wide model for the test, and put it back afterwards."""
    monkeypatch.setattr(model_module, "_model", None)


def test_shipped_model_by_default(settings):
    settings.COMPTOIR_NLP_MODEL = ""
    assert model_file() == MODEL_FILE
    assert configured_model_loads(None) == []


def test_configured_file_is_the_one_loaded(settings, tmp_path, fresh_model, monkeypatch):
    retrained = tmp_path / "retrained.bin"
    shutil.copyfile(MODEL_FILE, retrained)
    settings.COMPTOIR_NLP_MODEL = str(retrained)
    loaded = []
    real_load = NlpModel.load.__func__

    def spy(cls, path=MODEL_FILE):
        loaded.append(path)
        return real_load(cls, path)

    monkeypatch.setattr(NlpModel, "load", classmethod(spy))
    assert configured_model_loads(None) == []
    assert get_model().scores("Merci, c'était parfait !", "fr").probabilities[2] > 0.5
    assert loaded == [retrained]


@pytest.mark.parametrize(
    ("content", "reason"),
    [
        (None, "No such file"),
        (b"not a model", "not compressed as expected"),
        (zlib.compress(b"XXXX"), "expected marker"),
    ],
)
def test_unusable_file_stops_start_up_with_the_reason(settings, tmp_path, content, reason):
    path = tmp_path / "model.bin"
    if content is not None:
        path.write_bytes(content)
    settings.COMPTOIR_NLP_MODEL = str(path)
    [error] = configured_model_loads(None)
    assert error.id == "comptoir.E004"
    assert str(path) in error.msg
    assert reason in error.msg
    assert "COMPTOIR_NLP_MODEL" in error.hint
