"""Intent labels that tell a small business what a message asks of it.

Rules written for customer messages in French and English (a bakery, a
plumber, a hotel), combined with the sentiment model where rules alone are too
timid: a very negative message counts as a complaint, a very positive one as
praise. No training data exists for these labels, so the rules are the model;
their precision is measured on a hand-labelled set (see docs/nlp.md).
"""

from __future__ import annotations

import re

QUESTION = "question"
COMPLAINT = "complaint"
PRAISE = "praise"
PURCHASE = "purchase"
URGENT = "urgent"
SPAM = "spam"
#: Every label, in the order the inbox should care about them.
INTENTS = (URGENT, COMPLAINT, QUESTION, PURCHASE, PRAISE, SPAM)

_ACCENTS = str.maketrans(
    {
        **dict.fromkeys("àâäáãå", "a"),
        "ç": "c",
        **dict.fromkeys("éèêë", "e"),
        **dict.fromkeys("íìîï", "i"),
        "ñ": "n",
        **dict.fromkeys("óòôöõ", "o"),
        **dict.fromkeys("úùûü", "u"),
        **dict.fromkeys("ýÿ", "y"),
        "œ": "oe",
        "æ": "ae",
        **dict.fromkeys("\u2019\u2018\u00b4`", "'"),
    }
)


def fold(text: str) -> str:
    """Lower-case and strip accents so "deçu", "déçu" and "DECU" all match."""
    lowered = text.lower()
    return lowered if lowered.isascii() else lowered.translate(_ACCENTS)


def _re(*parts: str) -> re.Pattern[str]:
    return re.compile("|".join(f"(?:{p})" for p in parts))


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


# Single words are looked up in sets (one hash per token); regular expressions
# are kept for phrases, and each runs only when one of its literal needles is in
# the text. Together they cost a few microseconds per message.
WORD_RE = re.compile(r"[a-z0-9]+")

QUESTION_START_RE = _re(
    r"^(?:est-ce qu|pourquoi|comment|combien|quand|ou (?:est|sont|se)|qui)\b",
    r"^quel(?:le)?s? [^!]*$",
    r"^(?:do|does|did|can|could|would|will|is|are|what|when|where|how|which|why|who)\b(?!')",
)
QUESTION_VOUS_RE = _re(
    r"\b(?:pouvez|pourriez|auriez|avez|etes|faites|livrez|acceptez|prenez|ouvrez|fermez)"
    r"[- ]vous\b",
    r"\b(?:est-ce que|savez-vous|vous (?:faites|livrez|ouvrez|acceptez|avez))\b",
)
QUESTION_EN_RE = _re(r"\b(?:do you|can you|could you|are you open|is it possible)\b")

COMPLAINT_WORDS = _words(
    """decu decue decus decues decevant decevante deception inadmissible inacceptable scandale
    scandaleux honteux honteuse honte arnaque arnaque arnaquee escroc escrocs lamentable
    pitoyable minable degoutant degoutante immonde infect infecte horrible horribles nul nulle
    catastrophique catastrophe mediocre deplorable abuse abusif inutilisable rembourser
    remboursez remboursement rembourse plainte reclamation litige impoli impolie impolis
    impolies desagreable desagreables malpoli malpolie malpolis malpolies sale sales cafard
    cafards punaise punaises moisi moisie moisis moisies rassis rassise rassises brule brulee
    brules brulees tache tachee taches tachees congele congelee congeles congelees casse
    abime endommage disappointed disappointing terrible awful worst disgusting unacceptable
    rude refund complain complaint complained scam ripoff overpriced dirty filthy stale"""
)
COMPLAINT_NEEDLES = (
    "pas",
    "toujours",
    "jamais",
    "rien",
    "personne",
    "ne ",
    "manqu",
    "nouvelle",
    "sans ",
    "revenu",
    "recommence",
    "trop ",
    "depuis",
    "retard",
    "prix",
    "mal ",
    "avis",
    "rip-off",
    "never",
    "still",
    "not ",
    "n't",
)
COMPLAINT_RE = _re(
    r"\b(?:pas serieux|pas professionnel|avis negatif|rip-off)\b",
    r"\b(?:toujours|jamais|pas|rien) (?:encore )?(?:recu|livre|livree|arrive|arrivee|venu"
    r"|venue|rappele|repondu|passe|repare|reparee)\b",
    r"\bpersonne (?:ne )?(?:repond|rappelle|est venu)\b|\btoujours personne\b",
    r"\bne (?:repond|rappelle|marche|fonctionne) (?:toujours |plus |jamais )?(?:pas|plus|jamais)\b",
    r"\b(?:il (?:en )?manqu(?:e|ait)|plus de nouvelles?|sans (?:prevenir|explication)"
    r"|(?:est|sont) revenue?s?|a recommence)\b",
    r"\btrop (?:cuite?s?|longs?|longues?|lente?s?|chere?s?|sale?s?|seche?s?|froide?s?|sucree?s?"
    r"|salee?s?)\b",
    r"\b(?:attends|attendons|attendu) depuis\b",
    r"\b(?:en retard|retard de|trop cher|hors de prix|mal (?:cuit|servi|fait|accueilli))\b",
    r"\b(?:never|still not|not yet|haven't|hasn't|didn't) (?:arrived|received|delivered|came"
    r"|showed up|turned up|fixed|answered|called back)\b",
    r"\bstill waiting\b",
)
PRAISE_WORDS = _words(
    """bravo felicitations genial geniale excellent excellente delicieux delicieuse parfait
    parfaite impeccable magnifique formidable succulent extra top super adore adoree adores
    regal regale chaleureux chaleureuse souriant souriante souriants souriantes ponctuel
    ponctuelle ponctuels ponctuelles confortable confortables soigne soignee soignes soignees
    meilleur meilleure meilleurs meilleures great amazing awesome delicious perfect wonderful
    fantastic lovely best recommend love loved"""
)
PRAISE_NEEDLES = ("recommand", "reviend", "merci", "petits soins", "redire", "thank")
PRAISE_RE = _re(
    r"\b(?:je recommande|on recommande|nous recommandons|a recommander|je reviendrai"
    r"|nous reviendrons|on reviendra|aux petits soins|rien a redire)\b",
    r"\bmerci (?:beaucoup|infiniment|pour (?:tout|votre|ta|vos|le|la|les|ce|cet|cette))\b",
    r"!.*\bmerci\b|\bmerci\b.*!",
    r"\b(?:thank you so much|thanks so much)\b",
)
POLITE_REQUEST_RE = _re(r"\bmerci d'avance\b", r"\bmerci de (?:me|nous|bien)\b", r"in advance")
PURCHASE_RE = _re(
    r"\b(?:je|on|nous) (?:voudrais|voudrait|voudrions|souhaite|souhaiterais|souhaitons"
    r"|souhaiterions|veux|voulons|aimerais|aimerait|aimerions|voulais|cherche a|cherchons a"
    r"|peux|peut|pouvons)"
    r" (?:commander|reserver|acheter|prendre|un devis|une table|une chambre|un rendez-vous"
    r"|faire (?:faire|installer|reparer|une commande|une reservation))",
    r"\b(?:passer (?:une )?commande|passerai prendre|prendre (?:un )?rendez-vous"
    r"|faire un devis|puis-je (?:commander|reserver))\b",
    r"\b(?:un|votre|vos|le|les|des) (?:devis|tarifs?|prix)\b",
    r"\b(?:possible|peut-on|pouvez-vous|puis-je|est-il possible) (?:de )?(?:commander|reserver"
    r"|livrer|passer (?:prendre|commande)|avoir (?:un devis|une chambre|une table))\b",
    r"\bcombien (?:coute|coutent|ca coute|pour|vaut|faut-il compter)\b",
    r"\b(?:reste-t-il|il (?:vous )?reste|avez-vous (?:encore|de la place|des chambres"
    r"|une chambre|une table|des disponibilites))\b",
    r"\b(?:disponibilites?|disponible (?:le|ce|demain|samedi|dimanche))\b",
    r"\bje (?:prends|reserve|commande)\b",
    r"\b(?:i'd like to|i would like to|i want to|can i|could i|may i) (?:order|book|buy"
    r"|reserve|get a quote|get a table|get a room)\b",
    r"\b(?:how much (?:is|are|does|do|for|would|will)|price list|a quote|any availability"
    r"|do you have (?:any )?(?:rooms?|tables?|availability))\b",
)
URGENT_WORDS = _words(
    """urgent urgente urgence immediatement immediate asap emergency immediately fuite
    inondation inonde inondee flood flooded flooding leak leaking"""
)
URGENT_RE = _re(
    r"\b(?:au plus vite|au plus tot|des que possible|tout de suite|sans attendre|au secours"
    r"|right now|right away)\b",
    r"\b(?:degat des eaux|plus d'eau|plus de chauffage|plus d'electricite|court-circuit"
    r"|odeur de gaz|canalisation bouchee|no hot water|no heating|burst pipe|gas smell)\b",
    r"\b(?:ce soir|aujourd'hui|today|tonight)\b.*!",
)
SPAM_WORDS = _words(
    """gagnez cliquez followers crypto bitcoin casino forex trading investissez seo backlinks
    onlyfans giveaway"""
)
SPAM_RE = _re(
    r"\b(?:gagner de l'argent|clique ici|offre exclusive|100 ?% gratuit"
    r"|(?:abonnes|likes|vues) (?:gratuits|garantis)|rendement garanti|revenu passif)\b",
    r"\b(?:click here|free followers|earn \$|make money|work from home"
    r"|check my (?:bio|profile)|follow back|dm me|promo code|limited offer)\b",
    r"\b(?:whatsapp|telegram)\b.*\+?\d{6,}",
)
_URL_RE = re.compile(r"https?://|www\.")


def detect(text: str, probabilities: tuple[float, float, float] | None = None) -> list[str]:
    """Intent labels of one message, most pressing first.

    ``probabilities`` are the sentiment model's (negative, neutral, positive):
    a message the model finds very negative is a complaint, very positive is
    praise, even when no rule fires.
    """
    t = fold(text)
    tokens = frozenset(WORD_RE.findall(t))
    found: set[str] = set()
    spam = (
        not SPAM_WORDS.isdisjoint(tokens)
        or bool(SPAM_RE.search(t))
        or len(_URL_RE.findall(t)) >= 3
        or t.count("#") >= 8
    )
    if spam:
        return [SPAM]
    if (
        "?" in t
        or QUESTION_START_RE.match(t)
        or ("vous" in t and QUESTION_VOUS_RE.search(t))
        or (("you" in t or "possible" in t) and QUESTION_EN_RE.search(t))
    ):
        found.add(QUESTION)
    complaint = not COMPLAINT_WORDS.isdisjoint(tokens) or (
        any(n in t for n in COMPLAINT_NEEDLES) and bool(COMPLAINT_RE.search(t))
    )
    if not complaint and probabilities is not None and probabilities[0] >= 0.8:
        complaint = True
    if complaint:
        found.add(COMPLAINT)
    praise = not PRAISE_WORDS.isdisjoint(tokens) or (
        any(n in t for n in PRAISE_NEEDLES) and bool(PRAISE_RE.search(t))
    )
    if praise and ("merci" in t or "advance" in t) and POLITE_REQUEST_RE.search(t):
        praise = False
    if praise and probabilities is not None and probabilities[0] >= 0.5:
        praise = False
    if not praise and probabilities is not None and probabilities[2] >= 0.85:
        praise = True
    if praise and not complaint:
        found.add(PRAISE)
    if not complaint and PURCHASE_RE.search(t):
        found.add(PURCHASE)
    if not URGENT_WORDS.isdisjoint(tokens) or URGENT_RE.search(t):
        found.add(URGENT)
    return [label for label in INTENTS if label in found]
