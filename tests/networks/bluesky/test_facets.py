"""Facets are computed in UTF-8 bytes and cover exactly the mention, link or tag."""

from __future__ import annotations

import pytest

from comptoir.networks.bluesky.facets import (
    Facet,
    build_facets,
    byte_offsets,
    detect,
    facet_text,
)

DIDS = {"bob.test": "did:plc:bob", "camille.bsky.social": "did:plc:camille"}


def resolve(handle: str) -> str | None:
    return DIDS.get(handle)


def spans(text: str) -> list[tuple[str, str, str]]:
    """(kind, covered text, value) of every facet of ``text``."""
    return [(f.kind, facet_text(text, f), f.value) for f in build_facets(text, resolve)]


def test_offsets_are_bytes_not_characters() -> None:
    text = "Crème 🥐 @bob.test"
    [facet] = build_facets(text, resolve)
    # "Crème " is 7 bytes (è takes 2), the croissant 4, then a space.
    assert (facet.byte_start, facet.byte_end) == (12, 21)
    assert text.index("@") == 8  # what a character count would have given
    assert facet == Facet(12, 21, "mention", "did:plc:bob")


def test_byte_offsets_table() -> None:
    assert byte_offsets("aé🥐") == [0, 1, 3, 7]


@pytest.mark.parametrize(
    "text",
    [
        "Crème brûlée 🥐 pour @bob.test et #pâtisserie, voir https://x.fr/carte !",
        "👨‍👩‍👧‍👦 famille #été \uff03noël @camille.bsky.social https://a.fr/é?q=ü",
        "#1 n'est pas un tag mais #1er oui",
        "(https://boulangerie.fr/horaires) et www.boulangerie-martin.fr.",
    ],
)
def test_every_facet_round_trips_through_bytes(text: str) -> None:
    facets = build_facets(text, resolve)
    assert facets
    encoded = text.encode("utf-8")
    for facet in facets:
        covered = encoded[facet.byte_start : facet.byte_end].decode("utf-8")
        assert covered in text
        if facet.kind == "tag":
            assert covered[1:] == facet.value
        elif facet.kind == "mention":
            assert DIDS[covered[1:]] == facet.value
        else:
            assert facet.value.endswith(covered.removeprefix("https://"))
    starts = [facet.byte_start for facet in facets]
    assert starts == sorted(starts)


def test_several_mentions_each_resolved_once() -> None:
    asked: list[str] = []

    def counting(handle: str) -> str | None:
        asked.append(handle)
        return resolve(handle)

    text = "@bob.test, @Camille.bsky.social et encore @bob.test"
    facets = build_facets(text, counting)
    assert [facet_text(text, f) for f in facets] == [
        "@bob.test",
        "@Camille.bsky.social",
        "@bob.test",
    ]
    assert [f.value for f in facets] == ["did:plc:bob", "did:plc:camille", "did:plc:bob"]
    assert asked == ["bob.test", "camille.bsky.social"]


def test_unresolvable_mentions_stay_plain_text() -> None:
    assert spans("Bonjour @inconnu.test et @bob.test.") == [("mention", "@bob.test", "did:plc:bob")]


def test_what_is_not_a_mention() -> None:
    text = "contact@boulangerie.fr, @seul, @-tiret.test, 10@12.fr"
    assert [m for m in detect(text) if m.kind == "mention"] == []


def test_links_lose_the_punctuation_that_ends_the_sentence() -> None:
    assert spans("Voir https://x.fr/carte. Ou https://x.fr/menu?jour=1!") == [
        ("link", "https://x.fr/carte", "https://x.fr/carte"),
        ("link", "https://x.fr/menu?jour=1", "https://x.fr/menu?jour=1"),
    ]
    assert spans("(voir https://fr.wikipedia.org/wiki/Pain_(aliment))") == [
        (
            "link",
            "https://fr.wikipedia.org/wiki/Pain_(aliment)",
            "https://fr.wikipedia.org/wiki/Pain_(aliment)",
        )
    ]
    assert spans("(https://x.fr/a)") == [("link", "https://x.fr/a", "https://x.fr/a")]


def test_bare_domains_need_a_real_top_level_domain() -> None:
    assert spans("Commandez sur boulangerie-martin.fr ou www.pains.com/commande.") == [
        ("link", "boulangerie-martin.fr", "https://boulangerie-martin.fr"),
        ("link", "www.pains.com/commande", "https://www.pains.com/commande"),
    ]
    assert spans("Prix 12.50, fin.merci, v2.0, x.fré") == []


def test_tags_with_accents_and_punctuation() -> None:
    assert spans("#pâtisserie! #crème-brûlée, #café… #2024 #été2024 #") == [
        ("tag", "#pâtisserie", "pâtisserie"),
        ("tag", "#crème-brûlée", "crème-brûlée"),
        ("tag", "#café", "café"),
        ("tag", "#été2024", "été2024"),
    ]


def test_tags_start_after_a_space_and_are_at_most_64_graphemes() -> None:
    assert spans("mot#collé https://x.fr/#ancre") == [
        ("link", "https://x.fr/#ancre", "https://x.fr/#ancre")
    ]
    assert spans("#" + "é" * 64) == [("tag", "#" + "é" * 64, "é" * 64)]
    assert spans("#" + "é" * 65) == []


def test_a_link_wins_over_what_it_contains() -> None:
    assert [f.kind for f in build_facets("https://x.fr/@bob.test/#tag", resolve)] == ["link"]


def test_no_facets_in_plain_text() -> None:
    assert build_facets("Bonjour à tous, bonne journée !", resolve) == []
