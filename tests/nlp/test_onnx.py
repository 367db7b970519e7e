"""The optional ONNX path, with a tiny model the test builds itself."""

import io
import json

import pytest
from django.core.management import call_command

from comptoir.nlp import analyse
from comptoir.nlp.onnx_backend import OnnxModelError, OnnxSentiment, get_onnx_model

onnx = pytest.importorskip("onnx")
pytest.importorskip("onnxruntime")


def build_tiny_model(path, weights=(-3.0, 0.0, 3.0), softmax=True):
    """Text -> +1 for "good", -1 for "bad", 0 otherwise -> three scores."""
    from onnx import TensorProto, helper

    text = helper.make_tensor_value_info("text", TensorProto.STRING, [None])
    out = helper.make_tensor_value_info("scores", TensorProto.FLOAT, [None, 3])
    nodes = [
        helper.make_node(
            "LabelEncoder",
            ["text"],
            ["score"],
            domain="ai.onnx.ml",
            keys_strings=["good", "bad"],
            values_floats=[1.0, -1.0],
            default_float=0.0,
        ),
        helper.make_node("Unsqueeze", ["score", "axes"], ["col"]),
        helper.make_node("MatMul", ["col", "w"], ["logits" if softmax else "scores"]),
    ]
    if softmax:
        nodes.append(helper.make_node("Softmax", ["logits"], ["scores"], axis=1))
    inits = [
        helper.make_tensor("axes", TensorProto.INT64, [1], [1]),
        helper.make_tensor("w", TensorProto.FLOAT, [1, 3], list(weights)),
    ]
    graph = helper.make_graph(nodes, "tiny-sentiment", [text], [out], inits)
    model = helper.make_model(
        graph, opset_imports=[helper.make_opsetid("", 17), helper.make_opsetid("ai.onnx.ml", 3)]
    )
    model.ir_version = 8
    onnx.checker.check_model(model)
    onnx.save(model, str(path))
    return path


def test_off_by_default(settings):
    settings.COMPTOIR_NLP_ONNX_MODEL = ""
    assert get_onnx_model() is None


def test_probabilities_and_logits(tmp_path):
    model = OnnxSentiment(build_tiny_model(tmp_path / "p.onnx"))
    neg, _neu, pos = model.probabilities("good")
    assert pos > 0.9 and neg < 0.01
    assert model.probabilities("meh") == pytest.approx((1 / 3, 1 / 3, 1 / 3))
    raw = OnnxSentiment(build_tiny_model(tmp_path / "l.onnx", softmax=False))
    probs = raw.probabilities("bad")  # logits (3, 0, -3) get a softmax
    assert sum(probs) == pytest.approx(1.0)
    assert probs[0] > 0.9


def test_analyse_takes_sentiment_from_the_configured_model(tmp_path, settings):
    # A contrary model: "good" is negative for it, "bad" positive.
    path = build_tiny_model(tmp_path / "m.onnx", weights=(3.0, 0.0, -3.0))
    settings.COMPTOIR_NLP_ONNX_MODEL = ""
    assert analyse("good").sentiment == "positive"
    settings.COMPTOIR_NLP_ONNX_MODEL = str(path)
    assert analyse("good").sentiment == "negative"
    assert analyse("bad").sentiment == "positive"
    assert analyse("good").language == "en"  # the shipped model still names the language


def test_eval_with_onnx(tmp_path):
    (tmp_path / "val_text.txt").write_text("good\nbad\ngood", encoding="utf-8")
    (tmp_path / "val_labels.txt").write_text("2\n0\n2", encoding="utf-8")
    path = build_tiny_model(tmp_path / "m.onnx")
    out = io.StringIO()
    call_command(
        "nlp",
        "eval",
        "--data",
        str(tmp_path),
        "--lang",
        "en",
        "--onnx",
        str(path),
        "--json",
        stdout=out,
    )
    got = json.loads(out.getvalue())
    assert got["accuracy"] == 100.0 and got["n"] == 3


def test_bad_files_are_refused(tmp_path):
    with pytest.raises(OnnxModelError):
        OnnxSentiment(tmp_path / "missing.onnx")
    junk = tmp_path / "junk.onnx"
    junk.write_bytes(b"\x00" * 10)
    with pytest.raises(OnnxModelError):
        OnnxSentiment(junk)
