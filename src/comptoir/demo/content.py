"""The words of the demo: what customers, the team and the town say, as fill-in templates.

Everything here is French text data, not interface text: it plays the part of what real
customers of an Orléans bakery would write, so it is not translated. Templates hold
``{slots}``; ``fill`` replaces each slot with a value drawn from ``SLOTS`` (or from the
context given by the generator: the customer's first name, the business's handle on the
network, this season's specialities), so that five weeks of messages do not repeat.
"""

from __future__ import annotations

import random
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

SLOT = re.compile(r"\{(\w+)\}")


def fill(template: str, rng: random.Random, slots: Mapping[str, Sequence[str]]) -> str:
    """Replace every ``{slot}`` with a value drawn for it; values may hold slots themselves."""
    text = template
    for _round in range(4):
        if not SLOT.search(text):
            break
        text = SLOT.sub(lambda match: rng.choice(slots[match.group(1)]), text)
    return text


SLOTS: dict[str, tuple[str, ...]] = {
    "jour": ("lundi", "mardi", "samedi", "dimanche", "ce dimanche", "le week-end", "mercredi"),
    "ferie": (
        "le 1er mai",
        "le 8 mai",
        "le 14 juillet",
        "le 15 août",
        "le 1er novembre",
        "le 11 novembre",
        "le lundi de Pâques",
        "le jeudi de l'Ascension",
    ),
    "gateau": (
        "fraisier",
        "framboisier",
        "gâteau trois chocolats",
        "Paris-Brest",
        "Saint-Honoré",
        "layer cake",
        "number cake",
        "gâteau forêt-noire",
        "gâteau opéra",
        "bavarois poire-caramel",
        "pithiviers",
        "croquembouche",
    ),
    "occasion": (
        "l'anniversaire de ma fille",
        "l'anniversaire de mon fils",
        "un baptême",
        "une communion",
        "nos vingt ans de mariage",
        "un pot de départ",
        "les 80 ans de ma mère",
        "une fête de fin d'année à l'école",
        "un mariage",
        "la retraite d'un collègue",
    ),
    "nb": ("6", "8", "10", "12", "15", "20"),
    "nb_grand": ("25", "30", "40", "50", "60", "80"),
    "age": ("3", "4", "5", "6", "7", "8", "10", "18"),
    "theme": (
        "licorne",
        "dinosaures",
        "football",
        "espace",
        "jungle",
        "sirène",
        "pirates",
        "arc-en-ciel",
    ),
    # No name starting with a vowel: templates say "les 5 ans de {enfant}", never "d'...".
    "enfant": ("Lina", "Hugo", "Louna", "Noah", "Jade", "Léon", "Rose", "Sacha", "Mila", "Gaspard"),
    "date_evt": (
        "samedi prochain",
        "dimanche midi",
        "vendredi soir",
        "samedi en fin de matinée",
        "dans quinze jours",
        "le week-end prochain",
    ),
    "pain": (
        "pain de campagne",
        "pain de seigle",
        "pain aux noix",
        "pain complet",
        "pain au petit épeautre",
        "pain de meule",
        "pain au sarrasin",
        "pain aux céréales",
    ),
    "viennoiserie": (
        "croissants",
        "pains au chocolat",
        "chaussons aux pommes",
        "brioches",
        "pains aux raisins",
        "kouign-amann",
    ),
    "lieu": (
        "Olivet",
        "Saint-Jean-de-Braye",
        "Fleury-les-Aubrais",
        "Saran",
        "Saint-Jean-le-Blanc",
        "La Source",
        "Saint-Marceau",
        "Chécy",
        "Ingré",
        "La Chapelle-Saint-Mesmin",
        "Saint-Pryvé-Saint-Mesmin",
        "Semoy",
    ),
    "quartier": (
        "Bourgogne",
        "Carmes",
        "Dunois",
        "Madeleine",
        "Argonne",
        "Saint-Marceau",
        "Blossières",
    ),
    "heure": ("7h", "7h30", "8h", "9h", "midi", "12h30", "17h", "18h30"),
    "allergene": ("gluten", "lactose", "fruits à coque", "œufs", "sésame", "arachide"),
    "allergene_du": (
        "du gluten",
        "du lactose",
        "des fruits à coque",
        "des œufs",
        "du sésame",
        "de l'arachide",
    ),
    "entreprise": (
        "notre cabinet",
        "l'agence",
        "notre association",
        "le bureau",
        "notre équipe",
        "la mairie annexe",
    ),
    "concurrent": (
        "Fournil Saint-Marceau",
        "La Mie Dorée",
        "Maison Perrin",
        "Boulangerie Dufresne",
    ),
    "ami": ("ma voisine", "une collègue", "mon beau-frère", "des amis", "ma fille", "mon père"),
}

OPENERS = ("Bonjour !", "Bonjour.", "Bonjour 🙂", "Hello !", "Bonjour à l'équipe !")
EVENING_OPENERS = ("Bonsoir !", "Bonsoir.", "Bonsoir 🙂")
CLOSERS = {
    "question": (
        "Merci d'avance !",
        "Merci 🙏",
        "Bonne journée !",
        "Merci beaucoup.",
        "Merci pour votre réponse.",
        "Bonne journée, {prenom}",
    ),
    "praise": ("Merci !", "Bravo à toute l'équipe.", "Continuez comme ça !", "À très vite !"),
    "complaint": ("", "Dommage.", "J'espère que ça ne se reproduira pas."),
}
EMOJI = {
    "question": ("🙂", "😊", "🙏"),
    "praise": ("😍", "🥖", "❤️", "👏", "🥐", "✨"),
    "complaint": ("😕", "😞", "🙁"),
}


@dataclass(frozen=True)
class Subject:
    """A kind of thing customers write about, who answers it, and where it is written."""

    key: str
    expertise: str
    weight: float
    channels: tuple[tuple[str, str, float], ...]  # (message kind, network, weight)
    templates: tuple[str, ...]
    mood: str = "question"
    reply_rate: float = 1.0  # how often it calls for an answer
    waits: float = 0.0  # how often an answer then waits for the customer (orders, quotes)


ASKING = (
    ("direct", "facebook", 3.0),
    ("comment", "facebook", 3.0),
    ("direct", "instagram", 2.0),
    ("comment", "instagram", 2.5),
    ("reply", "bluesky", 1.0),
    ("reply", "mastodon", 0.8),
    ("direct", "mastodon", 0.3),
    ("comment", "sandbox", 0.4),
)
REVIEWING = (
    ("review", "google_business", 5.0),
    ("comment", "facebook", 2.0),
    ("comment", "instagram", 1.0),
    ("direct", "facebook", 0.7),
)
MENTIONING = (
    ("mention", "instagram", 3.0),
    ("mention", "bluesky", 1.5),
    ("mention", "mastodon", 1.0),
    ("mention", "facebook", 1.0),
)

SUBJECTS: tuple[Subject, ...] = (
    Subject(
        "horaires",
        "horaires",
        14,
        ASKING,
        (
            "Vous êtes ouverts {jour} ?",
            "Vous fermez à quelle heure le dimanche ? J'aimerais passer prendre des "
            "{viennoiserie} vers {heure}.",
            "Est-ce que la boutique est ouverte {ferie} ?",
            "Petite question : vous faites une pause le midi en semaine ? Je sors du travail "
            "à 13h.",
            "Vous restez ouverts pendant les vacances scolaires ? La boulangerie de mon quartier "
            "ferme tout le mois 😅",
            "À quelle heure sortent les premières baguettes le matin ?",
            "Vos horaires sur Google sont-ils à jour ? Il est indiqué fermé le dimanche.",
            "Vous ouvrez à quelle heure le samedi ? Je voudrais éviter la queue.",
            "Vous serez ouverts {ferie} ? On reçoit la famille et il me faudra du pain.",
        ),
    ),
    Subject(
        "gateaux",
        "gâteaux sur mesure",
        14,
        ASKING,
        (
            "Je voudrais commander un {gateau} pour {nb} personnes pour {date_evt}, c'est "
            "possible ?",
            "Vous faites des gâteaux d'anniversaire sur le thème {theme} ? C'est pour les "
            "{age} ans de {enfant} 🎂",
            "Je cherche une pièce montée pour {occasion}, environ {nb_grand} personnes. Quels "
            "sont vos tarifs ?",
            "Est-il possible d'écrire « Joyeux anniversaire {enfant} » sur le {gateau} ? Je "
            "passerai le chercher {date_evt}.",
            "Combien de jours à l'avance faut-il commander un number cake ?",
            "J'ai commandé un {gateau} pour {date_evt}, est-ce que je peux passer de {nb} à "
            "{nb_grand} parts ?",
            "Vous prenez les commandes par message ou il faut passer en boutique ?",
            "Vous faites {specialite} ? J'en voudrais pour {nb} personnes.",
            "Un {gateau} pour {occasion}, ce serait faisable pour {date_evt} ?",
            "À partir de quand peut-on réserver {specialite} ?",
        ),
        waits=0.7,
    ),
    Subject(
        "livraison",
        "livraison",
        8,
        ASKING,
        (
            "Vous livrez à {lieu} ? C'est pour des viennoiseries pour {entreprise}.",
            "Nous organisons un petit-déjeuner pour {nb_grand} personnes {date_evt} à {lieu}. "
            "Vous pouvez livrer avant 8h30 ?",
            "Quels sont les frais de livraison pour {lieu} ?",
            "Vous livrez le dimanche matin ? On sera {nb} à la maison pour le brunch.",
            "Est-ce que vous faites des plateaux de mini-viennoiseries livrés pour un séminaire "
            "à {lieu} ?",
            "Ma commande devait arriver à {heure} et je n'ai toujours rien… Vous pouvez me dire "
            "où en est la livraison ?",
            "Peut-on se faire livrer un {gateau} à {lieu} ? C'est une surprise pour {occasion}.",
        ),
        waits=0.6,
    ),
    Subject(
        "pain",
        "pain",
        9,
        ASKING,
        (
            "Votre {pain} est au levain naturel ?",
            "D'où viennent vos farines ? Du Loiret ?",
            "Vous faites du pain sans sel ? Mon père suit un régime.",
            "Le {pain} de samedi était incroyable, vous en refaites quand ?",
            "Il reste du {pain} ce soir ou vaut-il mieux le réserver ?",
            "Vos farines sont bio ? Et la tradition, c'est une farine Label Rouge ?",
            "Est-ce que vous vendez un peu de levain ? J'aimerais me lancer à la maison 🙂",
            "Vous pouvez trancher le {pain} si on le demande ?",
            "Quel pain conseillez-vous pour accompagner un plateau de fromages de chèvre ?",
        ),
    ),
    Subject(
        "allergenes",
        "allergènes",
        7,
        ASKING,
        (
            "Vous avez des gâteaux sans gluten ? Ma fille est cœliaque.",
            "Le {gateau} contient-il {allergene_du} ? Mon fils est allergique.",
            "Vous faites des pâtisseries vegan ou sans lactose ?",
            "La liste des allergènes est-elle affichée en boutique ? Je ne l'ai pas trouvée.",
            "Possible d'avoir un gâteau d'anniversaire sans {allergene} ?",
            "Les macarons sont sans gluten ? On me l'a dit, mais je préfère demander.",
            "Vous faites vos {viennoiserie} au beurre ou à la margarine ?",
        ),
        waits=0.3,
    ),
    Subject(
        "boutique",
        "boutique",
        7,
        ASKING,
        (
            "Vous acceptez les titres-restaurant ?",
            "Peut-on payer sans contact pour moins de 5 € ?",
            "Il reste des {viennoiserie} en fin d'après-midi ou tout part le matin ?",
            "J'ai oublié mon parapluie hier vers {heure} en boutique, vous l'avez retrouvé ? ☔",
            "Vous avez une carte de fidélité ?",
            "Vous faites des sandwichs le midi ? Je travaille à deux pas, rue Jeanne-d'Arc.",
            "Est-ce qu'on peut réserver une baguette tous les jours pour la récupérer le soir ?",
        ),
    ),
    Subject(
        "recrutement",
        "recrutement",
        1.5,
        (("direct", "facebook", 2.0), ("comment", "facebook", 1.0), ("direct", "instagram", 1.0)),
        (
            "Vous prenez des apprentis à la rentrée ? Mon fils cherche une boulangerie pour "
            "son CAP.",
            "Je suis vendeuse avec cinq ans d'expérience, est-ce que vous recrutez ?",
            "Bonjour, je cherche un stage de troisième d'une semaine en boulangerie, est-ce "
            "possible chez vous ?",
        ),
        waits=0.5,
    ),
    Subject(
        "reclamation_pain",
        "pain",
        4,
        REVIEWING,
        (
            "Baguette tradition complètement brûlée ce matin, dommage, d'habitude elle est "
            "parfaite.",
            "Deux baguettes achetées à {heure}, toutes les deux trop cuites, presque noires "
            "dessous.",
            "Le {pain} n'était pas cuit à cœur hier, mie collante. Déçu.",
            "Pain de mie rassis dès le lendemain, ça ne m'était jamais arrivé chez vous.",
            "Ma baguette était carbonisée et je ne l'ai vu qu'en rentrant…",
        ),
        mood="complaint",
    ),
    Subject(
        "reclamation_service",
        "avis clients",
        3,
        REVIEWING,
        (
            "Vingt minutes d'attente samedi matin, une seule personne en caisse. Il faudrait "
            "du renfort le week-end.",
            "J'avais commandé un {gateau} pour {nb} personnes, il était bien plus petit que prévu.",
            "Encore une hausse des prix… la tradition à 1,40 €, ça commence à faire.",
            "Plus de {viennoiserie} à 10h un dimanche, dommage pour une boulangerie de ce niveau.",
            "Commande oubliée : je suis venu chercher mon {gateau} {date_evt} et rien n'était "
            "prêt.",
        ),
        mood="complaint",
    ),
    Subject(
        "reclamation_patisserie",
        "pâtisserie",
        1.5,
        REVIEWING,
        (
            "Le {gateau} avait un goût de réfrigérateur, la crème n'était pas fraîche.",
            "Tarte aux fruits joliment présentée mais pâte détrempée. Pas au niveau habituel.",
        ),
        mood="complaint",
    ),
    Subject(
        "eloges",
        "avis clients",
        12,
        REVIEWING,
        (
            "Meilleure baguette tradition d'Orléans, je traverse la ville pour elle.",
            "Le {gateau} pour {occasion} était magnifique et délicieux, tout le monde a adoré. "
            "Merci à toute l'équipe !",
            "Accueil toujours souriant et des {viennoiserie} à tomber. Ma boulangerie du "
            "dimanche matin.",
            "Je recommande les yeux fermés : pain au levain excellent et pâtisseries fines.",
            "Merci Sophie pour le gâteau sans gluten, ma fille a pu en manger comme tout le "
            "monde !",
            "Enfin une boulangerie qui fait un vrai pithiviers ! Bravo.",
            "Service rapide même le samedi, et le {pain} se garde trois jours. Top.",
            "Le {pain} est une merveille, croûte épaisse et mie bien alvéolée.",
            "Découverte grâce à {ami}, on ne va plus ailleurs.",
            "La meilleure adresse du quartier {quartier} pour le pain, et de loin.",
            "{specialite} : une tuerie. On en a repris le lendemain.",
            "Le meilleur croissant du Loiret, et je pèse mes mots.",
            "Julie est adorable, elle m'a gardé la dernière tradition alors que je courais "
            "pour arriver avant la fermeture.",
            "Pain excellent, pâtisseries superbes, prix raisonnables. Que demander de plus ?",
            "Commande de {nb_grand} mini-viennoiseries livrée à l'heure à {lieu}, tout était "
            "parfait.",
            "Nous avons fait faire notre pièce montée pour {occasion} : un souvenir inoubliable.",
            "Très bonne boulangerie, un peu d'attente le week-end mais ça vaut le coup.",
            "On sent tout de suite que les {viennoiserie} sont maison.",
        ),
        mood="praise",
        reply_rate=0.8,
    ),
    Subject(
        "citations",
        "avis clients",
        5,
        MENTIONING,
        (
            "Petit-déjeuner du dimanche grâce à {nous}, les {viennoiserie} étaient encore tièdes.",
            "Le {gateau} de {nous} pour les {age} ans de {enfant} : succès total 🎉",
            "Merci {nous} pour le plateau livré au bureau ce matin, l'équipe a tout dévoré.",
            "Pause goûter rue de Bourgogne chez {nous}. Le Paris-Brest vaut le détour.",
            "{specialite} de chez {nous}, validé par toute la famille.",
            "Ça sent le pain chaud jusqu'à la cathédrale, merci {nous} 🥖",
        ),
        mood="praise",
        reply_rate=0.5,
    ),
)

# The business's own name or handle on each network, for messages that mention it.
OUR_HANDLES = {
    "bluesky": "@boulangeriemartin.bsky.social",
    "mastodon": "@boulangeriemartin@piaille.fr",
    "instagram": "@boulangerie.martin.orleans",
    "facebook": "Boulangerie Martin",
    "sandbox": "@boulangerie-martin",
    "google_business": "la Boulangerie Martin",
}

# What the shop sells in a given month (1-12): it colours messages, posts and mentions.
SEASONAL: dict[int, tuple[str, ...]] = {
    1: ("la galette des rois à la frangipane", "la brioche des rois", "la galette pomme-noisette"),
    2: ("les beignets de Mardi gras", "la galette des rois", "les bugnes"),
    3: ("la tarte au citron meringuée", "le gâteau de Pâques", "les œufs en chocolat"),
    4: ("les œufs en chocolat", "l'agneau pascal", "la tarte aux fraises"),
    5: ("le fraisier", "la tarte aux fraises", "le gâteau de la fête des mères"),
    6: ("le fraisier", "la tarte aux abricots", "la pavlova aux fruits rouges"),
    7: ("la tarte aux abricots", "la pavlova aux fruits rouges", "la tarte aux pêches"),
    8: ("la tarte aux mirabelles", "la pavlova aux fruits rouges", "la tarte aux quetsches"),
    9: ("la tarte aux quetsches", "le pain aux figues", "la tarte aux mirabelles"),
    10: ("la tarte Tatin", "le pain à la châtaigne", "la brioche à la courge"),
    11: ("la tarte Tatin", "le pain à la châtaigne", "le pithiviers"),
    12: ("la bûche de Noël", "la bûche glacée", "le pain d'épices"),
}

# What the team publishes; {specialite} follows the season.
PUBLISHED_POSTS: tuple[tuple[str, str], ...] = (
    (
        "claire.martin",
        "🎂 Vous avez été nombreux à commander des gâteaux ce week-end, merci ! Pour un "
        "anniversaire, pensez à réserver 72 h à l'avance, en boutique ou par message.",
    ),
    (
        "antoine.lefevre",
        "Nouvelle fournée de {pain} ce matin 🥖 Farine de blé du Loiret, 24 h de "
        "fermentation. Dès 6h30 rue de Bourgogne.",
    ),
    (
        "sophie.nguyen",
        "Cette semaine en vitrine : {specialite} ✨ Disponible du mardi au dimanche, en part "
        "individuelle ou pour six personnes.",
    ),
    (
        "sophie.nguyen",
        "Nos gâteaux sans gluten sont préparés le mardi, dans un espace à part. Commande 48 h "
        "avant ; la liste des allergènes est affichée en boutique.",
    ),
    (
        "julie.bernard",
        "Petit rappel : la boutique est fermée le lundi, et ouverte du mardi au dimanche dès "
        "6h30 ☕",
    ),
    (
        "karim.haddad",
        "La livraison de viennoiseries pour les entreprises arrive à {lieu} ! Commande la "
        "veille avant 17h, livraison avant 8h30.",
    ),
    (
        "claire.martin",
        "Nous recrutons un·e apprenti·e boulanger·ère pour la rentrée. Léa, notre apprentie, "
        "vous raconte son quotidien au fournil 👇",
    ),
    (
        "antoine.lefevre",
        "Pourquoi notre tradition croustille autant ? Cuisson sur sole et un coup de lame à "
        "la main pour chaque baguette. Venez voir le fournil samedi à 10h !",
    ),
    (
        "julie.bernard",
        "Samedi matin, retrouvez-nous au marché du quai du Roi avec nos {viennoiserie} 🧺",
    ),
    (
        "claire.martin",
        "Merci pour vos avis sur Google ce mois-ci ❤️ Vos retours nous font avancer, les "
        "critiques aussi.",
    ),
    (
        "antoine.lefevre",
        "Le {pain} du jour sort du four à 11h : croûte épaisse, mie humide, il se garde trois "
        "jours.",
    ),
    (
        "sophie.nguyen",
        "Les coulisses de notre {gateau} 🎥 Quatre heures de travail, trois couches de crème, et "
        "beaucoup de patience.",
    ),
    (
        "julie.bernard",
        "Nouveau : réservez votre baguette du soir par message avant midi, elle vous attend "
        "en boutique jusqu'à la fermeture.",
    ),
    (
        "claire.martin",
        "Notre meunier est à 40 km d'ici, en Beauce. Un blé cultivé sans insecticide de "
        "stockage, moulu sur meule de pierre 🌾",
    ),
)

PUBLISHED_POSTS += (
    (
        "sophie.nguyen",
        "Atelier du mercredi : nos macarons sans gluten, garnis à la main un par un 💛",
    ),
    (
        "antoine.lefevre",
        "Notre levain a douze ans. Il est nourri deux fois par jour, même le lundi quand la "
        "boutique est fermée 😉",
    ),
    (
        "julie.bernard",
        "Vous nous le demandez souvent : oui, nous acceptons les titres-restaurant et le "
        "paiement sans contact dès 1 €.",
    ),
    (
        "karim.haddad",
        "Tournée du matin terminée : quatorze entreprises livrées avant 8h30 entre Orléans et "
        "{lieu} 🚐",
    ),
)

SCHEDULED_POSTS: tuple[tuple[str, str], ...] = (
    (
        "sophie.nguyen",
        "Précommandes ouvertes : {specialite} pour ce week-end, jusqu'à vendredi 18h.",
    ),
    (
        "antoine.lefevre",
        "Samedi 10h : atelier pain pour les enfants de 6 à 10 ans au fournil. Six places, "
        "inscription en boutique 👩‍🍳",
    ),
    (
        "julie.bernard",
        "Ce dimanche, la boutique ferme exceptionnellement à 12h30. Pensez à passer tôt !",
    ),
    (
        "karim.haddad",
        "Petit-déjeuner d'équipe ? On livre à {lieu} et dans tout Orléans du mardi au "
        "samedi, commande la veille.",
    ),
    (
        "claire.martin",
        "Vous êtes nombreux à nous demander nos gâteaux d'anniversaire : voici les trois "
        "formats et leurs prix 🎂",
    ),
)

DRAFT_POSTS: tuple[tuple[str, str], ...] = (
    (
        "claire.martin",
        "Idée : présenter notre meunier de Beauce en vidéo (à tourner avec Antoine).",
    ),
    (
        "julie.bernard",
        "Horaires d'été : ouverture à 7h du mardi au samedi ? À confirmer avec Claire.",
    ),
    (
        "sophie.nguyen",
        "Jeu : gagnez un {gateau} pour 8 personnes en nous disant quel est votre gâteau "
        "d'enfance !",
    ),
)


@dataclass(frozen=True)
class Voice:
    """Someone who talks in public about the bakery, its trade or its town."""

    name: str
    handle: str
    network: str


PRESS = (
    Voice("Le Courrier de l'Orléanais", "https://courrier-orleanais.example/rss", "rss"),
    Voice("Radio Val de Loire", "https://radio-valdeloire.example/feed", "rss"),
    Voice("Orléans en bref", "@orleansenbref@piaille.fr", "mastodon"),
)

# What the bakery listens to: each topic's kind, the words searched (one per line), the
# words that rule a post out, and whether it is listened to now. The demo's mentions are
# filed under these topics; the active ones are searched on the sandbox like real ones.
LISTENING: dict[str, tuple[str, str, str, bool]] = {
    "Boulangerie Martin": ("brand", '"Boulangerie Martin"\n#BoulangerieMartin', "", True),
    "Concurrents": (
        "competitor",
        '"Fournil Saint-Marceau"\n"La Mie Dorée"\n"Maison Perrin"\n"Boulangerie Dufresne"',
        "",
        True,
    ),
    "Orléans": ("town", "Orléans\n#Orleans", '"New Orleans"\nNOLA', True),
    "Pain et pâtisserie": ("product", "galette\ncroissants\nbaguette", "recette", True),
    # Found in the local papers' feeds, which the demo does not connect: paused.
    "Presse locale": ("other", '"Boulangerie Martin" Orléans', "", False),
}

# Listening topics, with what public posts about each sound like.
TOPICS: tuple[tuple[str, float, tuple[str, ...]], ...] = (
    (
        "Boulangerie Martin",
        4,
        (
            "Passée à la Boulangerie Martin rue de Bourgogne : leur {pain} vaut le détour.",
            "Quelqu'un a testé la Boulangerie Martin pour un gâteau d'anniversaire ? On me "
            "l'a conseillée.",
            "Toujours la queue devant la Boulangerie Martin le samedi matin, c'est bon signe 😄",
            "{specialite} de la Boulangerie Martin, rue de Bourgogne : à goûter.",
            "Ils recrutent un apprenti à la Boulangerie Martin, si ça intéresse quelqu'un à "
            "Orléans.",
        ),
    ),
    (
        "Concurrents",
        3,
        (
            "Nouvelle boulangerie « La Mie Dorée » ouverte à Saint-Marceau, quelqu'un a goûté ?",
            "{concurrent} lance la livraison à vélo dans le centre d'Orléans.",
            "{concurrent} : fermeture pour congés jusqu'à la fin du mois.",
            "Les croissants de chez {concurrent} ont changé de recette ? Moins feuilletés, "
            "je trouve.",
            "{concurrent} fait maintenant des gâteaux sans gluten sur commande.",
        ),
    ),
    (
        "Orléans",
        3,
        (
            "Qui connaît une boulangerie ouverte le lundi dans le centre d'Orléans ?",
            "Marché du quai du Roi ce samedi : beaucoup de monde et un soleil parfait.",
            "Travaux rue de Bourgogne : la circulation sera alternée pendant deux semaines.",
            "Besoin d'une adresse pour un brunch du dimanche à Orléans, vos conseils ?",
            "Le quartier {quartier} prépare sa fête annuelle, les commerçants sont "
            "invités à tenir un stand.",
            "Balade sur les quais de Loire puis goûter en ville, le dimanche idéal à Orléans.",
        ),
    ),
    (
        "Pain et pâtisserie",
        2,
        (
            "Où trouver {specialite} digne de ce nom à Orléans ?",
            "Meilleur pithiviers du Loiret ? Je prends vos adresses.",
            "Le prix de la baguette a encore augmenté dans le Loiret, ça devient un produit de "
            "luxe.",
            "Faire son levain à la maison : trois semaines d'essais et enfin un pain qui lève !",
            "Une boulangerie à Orléans qui fait du {pain} au levain naturel, vous avez ça ?",
        ),
    ),
)

PRESS_TITLES = (
    "Les boulangers d'Orléans face à la hausse du prix du beurre",
    "Concours de la meilleure baguette du Loiret : les inscriptions sont ouvertes",
    "Rue de Bourgogne : les commerçants préparent la fête de quartier",
    "Apprentissage : les boulangeries du Loiret cherchent des jeunes",
    "Circuits courts : un meunier de Beauce fournit une dizaine de boulangeries orléanaises",
    "{specialite} : les artisans orléanais rivalisent d'idées cette saison",
)

FIRST_NAMES = (
    "Camille", "Léa", "Manon", "Chloé", "Inès", "Sarah", "Emma", "Louise", "Alice", "Lucie",
    "Nathalie", "Isabelle", "Sylvie", "Catherine", "Martine", "Sandrine", "Aurélie", "Émilie",
    "Céline", "Fatima", "Yasmine", "Amina", "Hélène", "Agnès", "Margaux", "Océane", "Anaïs",
    "Lucas", "Hugo", "Louis", "Gabriel", "Arthur", "Jules", "Nathan", "Thomas", "Nicolas",
    "Julien", "Maxime", "Alexandre", "Pierre", "Jean-Marc", "Philippe", "Patrick", "Bernard",
    "Michel", "François", "Mehdi", "Youssef", "Olivier", "Stéphane", "Vincent", "Benoît",
    "Guillaume", "Mathieu", "Yann", "Théo", "Baptiste", "Rémi", "Jérôme", "Laurent",
)  # fmt: skip

LAST_NAMES = (
    "Dubois", "Moreau", "Laurent", "Simon", "Lefebvre", "Leroy", "Roux", "David", "Bertrand",
    "Fournier", "Bonnet", "Dupont", "Lambert", "Fontaine", "Rousseau", "Vincent", "Muller",
    "Faure", "André", "Mercier", "Blanc", "Guérin", "Boyer", "Garnier", "Chevalier", "Legrand",
    "Gauthier", "Garcia", "Robin", "Clément", "Morin", "Henry", "Roussel", "Masson",
    "Marchand", "Duval", "Denis", "Dumont", "Lemaire", "Noël", "Meyer", "Dufour", "Meunier",
    "Brun", "Blanchard", "Joly", "Rivière", "Brunet", "Gaillard", "Barbier", "Arnaud",
    "Martinez", "Roche", "Renard", "Colin", "Vidal", "Caron", "Picard", "Fabre", "Aubert",
    "Lemoine", "Renaud", "Dumas", "Lacroix", "Bourgeois", "Leclerc", "Rolland", "Lecomte",
    "Dupuy", "Hubert", "Berger", "Carpentier", "Moulin", "Deschamps", "Fleury", "Poirier",
    "Guyot", "Charpentier", "Ménard", "Bailly", "Hervé", "Le Gall", "Prévost", "Perrot",
    "Langlois", "Pelletier", "Lebrun", "Diallo", "Benali", "Traoré", "Da Silva", "Pasquier",
)  # fmt: skip

MASTODON_SERVERS = ("piaille.fr", "mamot.fr", "framapiaf.org", "mastodon.social")
