"""What the sandbox's simulated customers say: who they are and their sentences.

The texts are the kind a French small business really receives — questions about opening
hours, cake orders, gluten, delivery; complaints about an overbaked baguette or a long
wait; praise — so that practising on them trains the reflexes the real inbox needs. A
bakery (or any food business) hears about bread and cakes; other sectors get sentences
that fit any shop or trade. They are data, not interface text: customers write in French,
and some visitors review the business in English.
"""

from __future__ import annotations

import re
from dataclasses import dataclass


@dataclass(frozen=True)
class Customer:
    handle: str
    name: str


CUSTOMERS: tuple[Customer, ...] = (
    Customer("claire.dubois", "Claire Dubois"),
    Customer("thomas_bernard45", "Thomas Bernard"),
    Customer("nadia.benali", "Nadia Benali"),
    Customer("jp.moreau", "Jean-Pierre Moreau"),
    Customer("lea.petit", "Léa Petit"),
    Customer("karim.haddad", "Karim Haddad"),
    Customer("sophie_leroy", "Sophie Leroy"),
    Customer("manon.garnier", "Manon Garnier"),
    Customer("lucas.fontaine", "Lucas Fontaine"),
    Customer("isabelle.roux", "Isabelle Roux"),
    Customer("hugo.lambert", "Hugo Lambert"),
    Customer("chantal.mercier", "Chantal Mercier"),
    Customer("amina.diallo", "Amina Diallo"),
    Customer("vincent.girard", "Vincent Girard"),
)

DAYS = ("lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi", "dimanche")
HOURS = ("7 h 30", "8 h", "9 h", "12 h 15", "13 h", "17 h", "18 h 30")
PEOPLE = ("8", "10", "12", "15", "20", "30")


@dataclass(frozen=True)
class Scenario:
    """Sentences by situation; ``{mention}`` is the business's @handle."""

    products: tuple[str, ...]
    comment_praise: tuple[str, ...]
    comment_question: tuple[str, ...]
    thanks: tuple[str, ...]
    questions: tuple[str, ...]
    complaints: tuple[str, ...]
    praise: tuple[str, ...]
    direct_openers: tuple[str, ...]
    direct_followups: tuple[str, ...]
    public: tuple[str, ...]
    # Reviews by star rating (1 to 5); most in French, some from visitors in English.
    reviews: dict[int, tuple[str, ...]]


BAKERY = Scenario(
    products=(
        "croissants",
        "pains au chocolat",
        "éclairs",
        "baguettes tradition",
        "tartes aux fraises",
        "macarons",
    ),
    comment_praise=(
        "Magnifique ! J'en prends deux samedi 😍",
        "Ça donne faim dès le matin 🤤",
        "Bravo à toute l'équipe, c'est superbe.",
        "Miam, on passe demain matin !",
        "Vos {product} sont les meilleurs du quartier.",
    ),
    comment_question=(
        "Vous en aurez encore {day} ?",
        "On peut le réserver à l'avance ?",
        "Il existe une version sans gluten ?",
        "C'est à quel prix ?",
        "Vous livrez jusqu'à {town} ?",
    ),
    thanks=(
        "Merci pour la réponse rapide !",
        "Super, merci beaucoup 🙏",
        "Parfait, à {day} alors !",
        "D'accord, merci, je passerai.",
    ),
    questions=(
        "{mention} bonjour, vous êtes ouverts {day} ? Je voudrais passer vers {hour}.",
        "{mention} quels sont vos horaires pendant les vacances scolaires ?",
        "{mention} vous prenez les commandes de gâteaux d'anniversaire pour {people} personnes ?",
        "{mention} je voudrais commander un fraisier pour {day}, c'est encore possible ?",
        "{mention} vous avez du pain sans gluten ? Ma fille est cœliaque.",
        "{mention} est-ce que vos {product} contiennent des fruits à coque ?",
        "{mention} vous livrez à domicile sur {town} ?",
        "{mention} possible de se faire livrer des viennoiseries pour une réunion {day} matin ?",
    ),
    complaints=(
        "{mention} baguette beaucoup trop cuite ce matin, presque brûlée… dommage.",
        "{mention} vingt minutes d'attente ce midi, il faudrait une deuxième caisse !",
        "{mention} ma commande n'était pas prête à l'heure prévue, un peu déçu.",
        "{mention} la tarte aux pommes était sèche aujourd'hui 😕",
        "{mention} plus de {product} à {hour}, c'est la troisième fois cette semaine.",
    ),
    praise=(
        "Meilleure baguette de {town}, merci {mention} 🥖",
        "Accueil toujours aussi souriant chez {mention}, merci !",
        "Le gâteau d'anniversaire de {mention} a fait l'unanimité hier soir 🎂",
        "Les {product} de {mention} le dimanche matin, c'est sacré.",
    ),
    direct_openers=(
        "Bonjour, je voudrais commander {people} mini-viennoiseries pour {day}, c'est possible ?",
        "Bonjour, vous faites des pièces montées pour un mariage ? Pour environ {people} "
        "personnes.",
        "Bonjour, est-ce que vous recrutez un apprenti pour la rentrée ?",
        "Bonsoir, j'ai oublié mon parapluie chez vous ce matin, vous l'avez retrouvé ?",
        "Bonjour, vous acceptez les titres-restaurant ?",
        "Bonjour, je suis allergique aux œufs : qu'est-ce que je peux prendre chez vous ?",
    ),
    direct_followups=(
        "Parfait, merci beaucoup !",
        "Super, je passe le chercher {day}.",
        "D'accord, je vous confirme demain.",
        "Merci, c'est très gentil.",
    ),
    public=(
        "Quelqu'un connaît une bonne boulangerie ouverte le lundi à {town} ?",
        "Je cherche un pâtissier pour un gâteau de mariage à {town}, des conseils ?",
        "Les travaux dans le centre de {town}, c'est l'enfer pour se garer…",
        "Rien de tel qu'une galette des rois faite maison 👑",
        "Marché de {town} ce matin : les fraises sont arrivées 🍓",
    ),
    reviews={
        5: (
            "Les meilleurs {product} de {town}, et un accueil adorable. On revient chaque {day} !",
            "Gâteau d'anniversaire pour {people} personnes parfait, livré à l'heure. Merci !",
            "Baguette tradition croustillante, vendeuses souriantes : rien à redire.",
            "Best bakery we found in {town}: the {product} were still warm. A must!",
            "Lovely little bakery, friendly staff who switched to English for us. Thank you!",
        ),
        4: (
            "Très bons {product}, un peu d'attente le {day} matin mais ça vaut le coup.",
            "Bon pain et bon accueil, les prix ont un peu augmenté.",
            "Great croissants and coffee, just a bit crowded on {day} morning.",
        ),
        3: (
            "Correct sans plus. Les {product} étaient bons, le pain un peu trop cuit.",
            "Bonne boulangerie mais souvent plus rien après {hour}.",
            "Nice pastries but the queue was long and they only took cash that day.",
        ),
        2: (
            "Commande de {people} {product} pas prête à l'heure, j'ai attendu vingt minutes.",
            "Pain rassis vendu comme du jour, déçue.",
            "The {product} were dry and the staff seemed in a hurry. Disappointing.",
        ),
        1: (
            "Gâteau commandé pour {day} oublié, aucune excuse. Je ne reviendrai pas.",
            "Accueil désagréable et baguette brûlée. Dommage, c'était ma boulangerie.",
            "Ordered a birthday cake and it was never made. Nobody called us back.",
        ),
    },
)

ANY_BUSINESS = Scenario(
    products=("services", "conseils", "prix"),
    comment_praise=(
        "Superbe travail, bravo !",
        "Très belle réalisation 👏",
        "Merci pour ce partage, c'est utile.",
        "On voit le savoir-faire, bravo à l'équipe.",
    ),
    comment_question=(
        "Vous intervenez aussi à {town} ?",
        "C'est possible d'avoir un devis ?",
        "Vous êtes disponibles {day} ?",
        "Quels sont les délais en ce moment ?",
    ),
    thanks=(
        "Merci pour la réponse rapide !",
        "Super, merci beaucoup 🙏",
        "Parfait, merci, je vous rappelle {day}.",
    ),
    questions=(
        "{mention} bonjour, vous êtes ouverts {day} vers {hour} ?",
        "{mention} quels sont vos horaires pendant les vacances ?",
        "{mention} vous faites les devis gratuitement ?",
        "{mention} vous vous déplacez jusqu'à {town} ?",
        "{mention} c'est possible de payer en plusieurs fois ?",
    ),
    complaints=(
        "{mention} trois appels sans réponse ce matin, c'est dommage…",
        "{mention} rendez-vous prévu à {hour}, personne n'est venu. Déçu.",
        "{mention} une demi-heure d'attente alors que j'avais réservé 😕",
    ),
    praise=(
        "Très bon accueil chez {mention}, je recommande !",
        "Travail soigné et rapide, merci {mention} 👍",
        "Meilleure adresse de {town}, merci {mention}.",
    ),
    direct_openers=(
        "Bonjour, je voudrais un devis pour {day} si possible.",
        "Bonjour, vous avez encore des disponibilités cette semaine ?",
        "Bonjour, est-ce que vous recrutez en ce moment ?",
        "Bonsoir, j'ai une question sur ma facture, qui dois-je contacter ?",
    ),
    direct_followups=(
        "Parfait, merci beaucoup !",
        "D'accord, je vous confirme demain.",
        "Merci, c'est très gentil.",
    ),
    public=(
        "Quelqu'un a une bonne adresse à recommander à {town} ?",
        "Les travaux dans le centre de {town}, c'est l'enfer pour se garer…",
        "Belle journée au marché de {town} ce matin ☀️",
    ),
    reviews={
        5: (
            "Travail impeccable, à l'heure et propre. Je recommande les yeux fermés.",
            "Équipe à l'écoute, devis clair et respecté. Merci !",
            "Excellent service in {town}: quick, honest and friendly. Highly recommended.",
        ),
        4: (
            "Très bon travail, juste un peu de délai pour obtenir un rendez-vous.",
            "Sérieux et compétent, un peu cher mais ça vaut le coup.",
            "Good work and fair prices, only the booking took a while.",
        ),
        3: (
            "Résultat correct, mais difficile de les joindre par téléphone.",
            "Service moyen : bon travail, mais rendez-vous décalé deux fois.",
            "Decent service, but nobody answered my emails for a week.",
        ),
        2: (
            "Rendez-vous de {hour} oublié, il a fallu relancer. Déçu.",
            "Devis dépassé sans prévenir, je m'attendais à mieux.",
            "They came late and left a mess. Not what I expected.",
        ),
        1: (
            "Trois appels sans réponse et un travail bâclé. À éviter.",
            "Personne n'est venu le {day} et aucune excuse. Très déçu.",
            "Terrible experience: the job was never finished and they stopped answering.",
        ),
    },
)

FOOD_SECTORS = frozenset({"food", "restaurant"})
POSTCODE_TOWN = re.compile(r"\b\d{5}\s+([^,\d]+)$")


def scenario_for(sector: str) -> Scenario:
    return BAKERY if sector in FOOD_SECTORS else ANY_BUSINESS


def town_of(address: str) -> str:
    """The town of a French address ("..., 45000 Orléans" -> "Orléans")."""
    found = POSTCODE_TOWN.search(address.strip())
    return found.group(1).strip() if found else "la ville"
