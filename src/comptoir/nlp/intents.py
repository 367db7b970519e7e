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
    return text.lower().translate(_ACCENTS)


def _re(*parts: str) -> re.Pattern[str]:
    return re.compile("|".join(f"(?:{p})" for p in parts))


QUESTION_RE = _re(
    r"\?",
    r"^(?:est-ce qu|pourquoi|comment|combien|quand|ou (?:est|sont|se)|qui)\b",
    r"^quel(?:le)?s? [^!]*$",
    r"\b(?:pouvez|pourriez|auriez|avez|etes|faites|livrez|acceptez|prenez|ouvrez|fermez)"
    r"[- ]vous\b",
    r"\b(?:est-ce que|savez-vous|vous (?:faites|livrez|ouvrez|acceptez|avez))\b",
    r"^(?:do|does|did|can|could|would|will|is|are|what|when|where|how|which|why|who)\b(?!')",
    r"\b(?:do you|can you|could you|are you open|is it possible)\b",
)
COMPLAINT_RE = _re(
    r"\b(?:decu|decue|decevant|decevante|deception|inadmissible|inacceptable|scandale"
    r"|scandaleux|honteux|honte|arnaque|escroc|lamentable|pitoyable|minable|degoutant"
    r"|immonde|infect|horrible|nul(?:le)?|catastrophique|catastrophe|mediocre|deplorable"
    r"|abuse|abusif|honteuse|pas serieux|pas professionnel|inutilisable)\b",
    r"\b(?:rembourse(?:r|z|ment)?|plainte|reclamation|litige|avis negatif)\b",
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
    r"\b(?:impolie?s?|desagreables?|malpolie?s?|sales?|cafards?|punaises?|moisie?s?"
    r"|rassise?s?|brulee?s?|tache?e?s?|congelee?s?)\b",
    r"\b(?:casse|abime|endommage|ne marche (?:toujours )?pas|ne fonctionne (?:toujours )?pas)\b",
    r"\b(?:disappointed|disappointing|terrible|awful|worst|horrible|disgusting|unacceptable"
    r"|rude|refund|complain(?:t|ed)?|scam|ripoff|rip-off|overpriced|dirty|filthy|stale)\b",
    r"\b(?:never|still not|not yet|haven't|hasn't|didn't) (?:arrived|received|delivered|came"
    r"|showed up|turned up|fixed|answered|called back)\b",
    r"\bstill waiting\b",
)
PRAISE_RE = _re(
    r"\b(?:bravo|felicitations|genial|geniale|excellent|excellente|delicieux|delicieuse"
    r"|parfait|parfaite|impeccable|magnifique|formidable|succulent|extra|top|au top"
    r"|super|adore|adoree|adores|j'adore|regal|regale|chaleureux|chaleureuse|aux petits soins"
    r"|souriante?s?|ponctuel(?:le)?s?|confortables?|soignee?s?|rien a redire|meilleure?s?)\b",
    r"\b(?:je recommande|on recommande|nous recommandons|a recommander|je reviendrai"
    r"|nous reviendrons|on reviendra|le meilleur|la meilleure|les meilleurs|les meilleures)\b",
    r"\bmerci (?:beaucoup|infiniment|pour (?:tout|votre|ta|vos|le|la|les|ce|cet|cette))\b",
    r"!.*\bmerci\b|\bmerci\b.*!",
    r"\b(?:thank you so much|thanks so much|great|amazing|awesome|delicious|perfect"
    r"|wonderful|fantastic|excellent|lovely|best|highly recommend|recommend|loved?)\b",
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
URGENT_RE = _re(
    r"\b(?:urgent|urgente|urgence|au plus vite|au plus tot|des que possible|tout de suite"
    r"|immediatement|immediate|sans attendre|au secours|asap|emergency|immediately|right now"
    r"|right away)\b",
    r"\b(?:fuite|inondation|inonde|inondee|degat des eaux|plus d'eau|plus de chauffage"
    r"|plus d'electricite|court-circuit|odeur de gaz|fuite de gaz|canalisation bouchee"
    r"|flood(?:ed|ing)?|leak(?:ing)?|no hot water|no heating|burst pipe|gas smell)\b",
    r"\b(?:ce soir|aujourd'hui|today|tonight)\b.*!",
)
SPAM_RE = _re(
    r"\b(?:gagnez|gagner de l'argent|cliquez|clique ici|offre exclusive|100 ?% gratuit"
    r"|followers|(?:abonnes|likes|vues) (?:gratuits|garantis)|crypto|bitcoin|casino|forex"
    r"|trading|investissez"
    r"|rendement garanti|revenu passif|seo|backlinks|onlyfans)\b",
    r"\b(?:click here|free followers|giveaway|earn \$|make money|work from home"
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
    found: set[str] = set()
    spam = bool(SPAM_RE.search(t)) or len(_URL_RE.findall(t)) >= 3 or t.count("#") >= 8
    if spam:
        return [SPAM]
    if QUESTION_RE.search(t):
        found.add(QUESTION)
    complaint = bool(COMPLAINT_RE.search(t))
    if not complaint and probabilities is not None and probabilities[0] >= 0.8:
        complaint = True
    if complaint:
        found.add(COMPLAINT)
    praise = bool(PRAISE_RE.search(t)) and not POLITE_REQUEST_RE.search(t)
    if praise and probabilities is not None and probabilities[0] >= 0.5:
        praise = False
    if not praise and probabilities is not None and probabilities[2] >= 0.85:
        praise = True
    if praise and not complaint:
        found.add(PRAISE)
    if PURCHASE_RE.search(t) and not complaint:
        found.add(PURCHASE)
    if URGENT_RE.search(t):
        found.add(URGENT)
    return [label for label in INTENTS if label in found]
