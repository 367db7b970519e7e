"""``comptoir nlp eval`` and ``comptoir nlp train`` on tiny folders."""

import io
import json
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from django.utils import translation

from comptoir.nlp.evaluate import macro_f1
from comptoir.nlp.model import NlpModel
from comptoir.nlp.train import HeadSpec, train

FR_TEXTS = [
    "Merci, ce pain est délicieux !",
    "Service horrible, très déçu",
    "Vous ouvrez à quelle heure ?",
    "Super accueil, je recommande",
    "Commande jamais livrée, inadmissible",
    "La boutique ferme à 19h",
]
FR_LABELS = [2, 0, 1, 2, 0, 1]


def write_split(folder: Path, split: str, texts: list[str], labels: list[int]) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    # UMSAB files have no final newline.
    (folder / f"{split}_text.txt").write_text("\n".join(texts), encoding="utf-8")
    (folder / f"{split}_labels.txt").write_text("\n".join(map(str, labels)), encoding="utf-8")


def test_macro_f1():
    assert macro_f1([0, 1, 2], [0, 1, 2]) == 100.0
    assert macro_f1([0, 0, 1, 1], [0, 0, 0, 0]) == pytest.approx(100 * (2 / 3) / 3)


def test_eval_prints_json_on_a_val_folder(tmp_path):
    texts = [*FR_TEXTS, r"I\u2019m so happy with the room"]
    write_split(tmp_path, "val", texts, [*FR_LABELS, 2])
    out = io.StringIO()
    call_command("nlp", "eval", "--data", str(tmp_path), "--lang", "fr", "--json", stdout=out)
    got = json.loads(out.getvalue())
    assert {"lang", "n", "macro_f1", "accuracy", "texts_per_s"} <= set(got)
    assert got["lang"] == "fr" and got["n"] == 7 and got["split"] == "val"
    assert 0 <= got["macro_f1"] <= 100 and got["accuracy"] >= 50
    assert got["texts_per_s"] > 0


def test_eval_prefers_the_test_split_and_prints_a_summary(tmp_path):
    write_split(tmp_path, "val", FR_TEXTS[:2], FR_LABELS[:2])
    write_split(tmp_path, "test", FR_TEXTS, FR_LABELS)
    out = io.StringIO()
    with translation.override("en"):
        call_command("nlp", "eval", "--data", str(tmp_path), "--lang", "fr", stdout=out)
    assert "test split, 6 texts" in out.getvalue()
    assert "macro-F1" in out.getvalue()
    out = io.StringIO()
    with translation.override("fr"):
        call_command("nlp", "eval", "--data", str(tmp_path), "--lang", "fr", stdout=out)
    assert "partition test, 6 textes" in out.getvalue()


def test_eval_refuses_a_folder_without_splits(tmp_path):
    with pytest.raises(CommandError):
        call_command("nlp", "eval", "--data", str(tmp_path), "--lang", "fr")
    write_split(tmp_path, "val", FR_TEXTS, FR_LABELS[:3])
    with pytest.raises(CommandError):
        call_command("nlp", "eval", "--data", str(tmp_path), "--lang", "fr")


def test_train_refuses_a_folder_without_data(tmp_path):
    with pytest.raises(CommandError):
        call_command("nlp", "train", "--data-dir", str(tmp_path), "--output", str(tmp_path / "m"))
    (tmp_path / "umsab").mkdir()
    with pytest.raises(CommandError):
        call_command("nlp", "train", "--data-dir", str(tmp_path), "--output", str(tmp_path / "m"))


def test_training_is_deterministic_on_a_tiny_dataset(tmp_path):
    data = tmp_path / "data"
    write_split(data / "umsab" / "french", "train", FR_TEXTS * 3, FR_LABELS * 3)
    english = ["Love it, thanks!", "Awful and rude", "Open on Sunday?"] * 4
    write_split(data / "umsab" / "english", "train", english, [2, 0, 1] * 4)
    heads = [
        HeadSpec("fr", [("umsab:fr", 1.0)], c=1.0),
        HeadSpec("en", [("umsab:en", 1.0)], c=1.0),
        HeadSpec("*", [("umsab:fr", 1.0), ("umsab:en", 1.0)], c=1.0),
    ]
    first, second = tmp_path / "a.bin", tmp_path / "b.bin"
    sink = io.StringIO()
    report = train(data, first, heads=heads, lid_c=1.0, lid_limit=20, stream=sink)
    train(data, second, heads=heads, lid_c=1.0, lid_limit=20, stream=sink)
    assert first.read_bytes() == second.read_bytes()
    assert report["features"] > 0
    assert "100%" in sink.getvalue()  # the progress bar reached the end
    model = NlpModel.load(first)
    probs = model.scores("Merci, ce pain est délicieux !", "fr").probabilities
    assert max(range(3), key=probs.__getitem__) == 2


def test_analyse_subcommand(capsys):
    out = io.StringIO()
    call_command("nlp", "analyse", "Vous êtes ouverts dimanche ?", stdout=out)
    assert "question" in out.getvalue()


def test_eval_intents_subcommand(tmp_path):
    out = io.StringIO()
    call_command("nlp", "eval-intents", "--json", stdout=out)
    got = json.loads(out.getvalue())
    assert got["n"] >= 40 and set(got["intents"]) >= {"question", "complaint", "spam"}
    labelled = tmp_path / "set.tsv"
    labelled.write_text(
        "lang\tsentiment\tintents\ttext\nfr\tneutral\tquestion\tVous ouvrez quand ?",
        encoding="utf-8",
    )
    out = io.StringIO()
    with translation.override("en"):
        call_command("nlp", "eval-intents", "--data", str(labelled), stdout=out)
    assert "question: precision 100.0, recall 100.0" in out.getvalue()
    with pytest.raises(CommandError):
        call_command("nlp", "eval-intents", "--data", str(tmp_path / "missing.tsv"))


def test_training_with_exported_corrections(tmp_path):
    data = tmp_path / "data"
    write_split(data / "umsab" / "french", "train", FR_TEXTS * 3, FR_LABELS * 3)
    heads = [HeadSpec("fr", [("umsab:fr", 1.0)], c=1.0), HeadSpec("*", [("umsab:fr", 1.0)], c=1.0)]
    corrected = "galette rassie et brûlée"
    extra = tmp_path / "corrections"
    write_split(extra / "french", "train", [corrected, "galette rassie"], [0, 0])
    (extra / "language_samples.tsv").write_text("lang\ttext\nfr\tgalette rassie\n")
    plain, better = tmp_path / "plain.bin", tmp_path / "better.bin"
    sink = io.StringIO()
    train(data, plain, heads=heads, lid_c=1.0, lid_limit=20, stream=sink)
    train(data, better, heads=heads, lid_c=1.0, lid_limit=20, stream=sink, extra=extra)

    def negative(path):
        return NlpModel.load(path).scores(corrected, "fr").probabilities[0]

    assert negative(better) > negative(plain) + 0.1
    with pytest.raises(CommandError):
        call_command(
            "nlp", "train", "--data-dir", str(data), "--output", str(tmp_path / "m"),
            "--extra", str(tmp_path / "missing"),
        )  # fmt: skip
