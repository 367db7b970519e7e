"""Intent rules, and their precision on the hand-labelled customer messages."""

from pathlib import Path

import pytest

from comptoir.nlp.evaluate import evaluate_intents
from comptoir.nlp.intents import INTENTS, detect, fold

DATA = Path(__file__).resolve().parents[2] / "src" / "comptoir" / "nlp" / "data"


def test_fold_strips_accents_and_case():
    assert fold("DÉÇU, l\u2019œuvre") == "decu, l'oeuvre"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Vous êtes ouverts dimanche ?", {"question"}),
        ("Je voudrais réserver une table pour quatre samedi soir", {"purchase"}),
        ("Commande jamais livrée, je veux être remboursé", {"complaint"}),
        ("Fuite d'eau dans la cuisine, venez au plus vite", {"urgent"}),
        ("Merci pour tout, le gâteau était délicieux", {"praise"}),
        ("Gagnez 500 € par jour, cliquez ici http://x.y", {"spam"}),
        ("Still waiting for my refund", {"complaint"}),
        ("Can I book a room for two nights?", {"question", "purchase"}),
        ("Nouvelle vitrine ce matin", set()),
    ],
)
def test_rules(text, expected):
    assert set(detect(text)) == expected


def test_a_complaint_about_an_order_is_not_a_purchase():
    assert "purchase" not in detect("Je voudrais commander mais le site est nul et inacceptable")


def test_polite_thanks_in_a_request_is_not_praise():
    assert "praise" not in detect("Merci de me rappeler au sujet du devis")


def test_sentiment_turns_a_very_negative_message_into_a_complaint():
    assert detect("Le gâteau était moyen, sans plus") == []
    assert detect("Le gâteau était moyen, sans plus", (0.9, 0.05, 0.05)) == ["complaint"]
    assert detect("Rien à signaler", (0.05, 0.05, 0.9)) == ["praise"]


def test_labels_come_in_the_inbox_order():
    got = detect("C'est urgent : toujours pas de chauffage, vous passez quand ?")
    assert got == [label for label in INTENTS if label in got]
    assert got[0] == "urgent"


def test_precision_on_the_held_out_customer_messages():
    """Written after the rules were frozen; see docs/nlp.md for how it was labelled."""
    report = evaluate_intents(DATA / "customer_messages_heldout.tsv")
    assert report.n >= 40
    for name, (precision, _recall, predicted, _gold) in report.per_intent.items():
        if predicted:
            assert precision is not None and precision >= 80.0, name
    assert report.language_accuracy >= 90.0
    assert report.sentiment_accuracy >= 65.0
