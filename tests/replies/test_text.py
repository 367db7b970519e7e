from __future__ import annotations

from comptoir.replies.text import customer_first_name, fill, saved_reply_text, signature, signed
from tests.factories import PersonFactory
from tests.replies.conftest import member


def test_signature_uses_the_first_name_and_the_business(bakery):
    julie = member(bakery, "member", "Julie Martin")
    assert signature(bakery, julie) == "— Julie, Boulangerie Martin"
    assert signed("  Oui, jusqu'à 13 h.  ", bakery, julie) == (
        "Oui, jusqu'à 13 h.\n\n— Julie, Boulangerie Martin"
    )


def test_an_empty_signature_adds_nothing(bakery):
    bakery.reply_signature = ""
    julie = member(bakery, "member", "Julie Martin")
    assert signed("Merci !", bakery, julie) == "Merci !"


def test_only_known_placeholders_are_filled():
    text = "{name} {business} {first_name} {other} {0} {name.__class__} {{name}}"
    filled = fill(text, {"name": "Julie", "business": "Martin"})
    assert filled == "Julie Martin {first_name} {other} {0} {name.__class__} {Julie}"


def test_customer_first_name_from_the_name_or_the_handle(bakery):
    assert customer_first_name(PersonFactory(workspace=bakery, display_name="Claire Dubois")) == (
        "Claire"
    )
    nameless = PersonFactory(workspace=bakery, display_name="", handle="@lucie@piaille.fr")
    assert customer_first_name(nameless) == "lucie"


def test_saved_reply_is_filled_for_the_customer_and_the_colleague(bakery):
    julie = member(bakery, "member", "Julie Martin")
    claire = PersonFactory(workspace=bakery, display_name="Claire Dubois")
    text = "Bonjour {first_name}, ici {name} de {business}."
    assert saved_reply_text(text, bakery, julie, claire) == (
        "Bonjour Claire, ici Julie de Boulangerie Martin."
    )
