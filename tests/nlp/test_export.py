"""Corrections leave as training material, and training takes them in."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from comptoir.nlp.corpora import read_split
from comptoir.nlp.models import Correction
from comptoir.nlp.train import HeadSpec, with_extra
from tests.factories import WorkspaceFactory

pytestmark = pytest.mark.django_db


def correction(workspace, field, model, person, text, language="fr"):
    return Correction.objects.create(
        workspace=workspace,
        field=field,
        model_value=model,
        person_value=person,
        text=text,
        language=language,
    )


def test_export_writes_umsab_folders_and_tsv_files(tmp_path: Path):
    bakery, hotel = WorkspaceFactory(slug="bakery"), WorkspaceFactory(slug="hotel")
    correction(bakery, "sentiment", "neutral", "negative", "Encore\tfermé\naujourd'hui…")
    correction(bakery, "sentiment", "positive", "neutral", "Vous ouvrez à 7h ?")
    correction(bakery, "sentiment", "neutral", "positive", "Lovely bread", language="en")
    correction(bakery, "sentiment", "neutral", "positive", "Heel lekker", language="nl")
    correction(bakery, "language", "fr", "", "Bardzo dobry chleb")
    correction(bakery, "intent", "question", "purchase", "Une baguette pour demain ?")
    correction(hotel, "sentiment", "neutral", "negative", "Chambre sale")

    out = io.StringIO()
    call_command(
        "nlp", "export-corrections", "--workspace", "bakery", "--out", tmp_path, stdout=out
    )

    texts, labels = read_split(tmp_path / "french", "train")
    assert texts == ["Encore fermé aujourd'hui…", "Vous ouvrez à 7h ?"]
    assert labels == [0, 1]
    assert read_split(tmp_path / "english", "train") == (["Lovely bread"], [2])
    assert read_split(tmp_path / "nl", "train") == (["Heel lekker"], [2])
    assert (
        tmp_path / "language_samples.tsv"
    ).read_text() == "lang\ttext\nunknown\tBardzo dobry chleb\n"
    assert (tmp_path / "intents.tsv").read_text().splitlines() == [
        "lang\tmodel\tperson\ttext",
        "fr\tquestion\tpurchase\tUne baguette pour demain ?",
    ]
    assert "Chambre sale" not in "".join(p.read_text() for p in tmp_path.rglob("*.t*"))
    assert "2" in out.getvalue()


def test_export_refuses_an_unknown_workspace(tmp_path: Path):
    with pytest.raises(CommandError):
        call_command("nlp", "export-corrections", "--workspace", "nope", "--out", tmp_path)


def test_each_extra_corpus_goes_to_the_head_of_its_language():
    heads = [HeadSpec("fr", [("a", 1.0)], 1.0), HeadSpec("en", [], 1.0), HeadSpec("*", [], 1.0)]
    got = {h.name: h.parts for h in with_extra(heads, ["extra:fr", "extra:nl"])}
    assert got == {
        "fr": [("a", 1.0), ("extra:fr", 3.0)],
        "en": [],
        "*": [("extra:nl", 3.0)],
    }
