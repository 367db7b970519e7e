"""Who the demo bakery is: its place, its hours, its team and what it aims for.

Kept apart from the activity generator so that the story stays readable in one place:
the Boulangerie Martin is the bakery in Orléans with six staff described in the product
brief, and each colleague's expertise is what routes questions to them.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from comptoir.workspaces.models import ObjectiveKind, Role, Sector

SLUG = "boulangerie-martin"
NAME = "Boulangerie Martin"
EMAIL_DOMAIN = "boulangerie-martin.demo"

# Rue de Bourgogne runs through the old town, a few steps from the cathedral.
ADDRESS = "42 rue de Bourgogne, 45000 Orléans"
LATITUDE = Decimal("47.900830")
LONGITUDE = Decimal("1.911560")
RADIUS_KM = 15
SECTOR = Sector.FOOD
TIMEZONE = "Europe/Paris"
LANGUAGE = "fr"

# Closed on Mondays, a lunch break on weekdays, open all day on Saturday and on Sunday morning.
BUSINESS_HOURS: dict[str, list[list[str]]] = {
    "mon": [],
    "tue": [["06:30", "13:30"], ["15:30", "19:30"]],
    "wed": [["06:30", "13:30"], ["15:30", "19:30"]],
    "thu": [["06:30", "13:30"], ["15:30", "19:30"]],
    "fri": [["06:30", "13:30"], ["15:30", "19:30"]],
    "sat": [["06:30", "19:30"]],
    "sun": [["07:00", "13:00"]],
}


@dataclass(frozen=True)
class Staff:
    key: str
    full_name: str
    role: str
    job_title: str
    expertise: tuple[str, ...]

    @property
    def email(self) -> str:
        return f"{self.key}@{EMAIL_DOMAIN}"

    @property
    def answers(self) -> bool:
        """Read-only colleagues follow the conversation but are never assigned to it."""
        return self.role != Role.READONLY


STAFF: tuple[Staff, ...] = (
    Staff(
        "claire.martin",
        "Claire Martin",
        Role.OWNER,
        "Gérante",
        ("commandes", "gâteaux sur mesure", "avis clients"),
    ),
    Staff(
        "antoine.lefevre",
        "Antoine Lefèvre",
        Role.MANAGER,
        "Chef boulanger",
        ("pain", "farines", "levain"),
    ),
    Staff(
        "sophie.nguyen",
        "Sophie Nguyen",
        Role.MEMBER,
        "Cheffe pâtissière",
        ("pâtisserie", "allergènes", "sans gluten"),
    ),
    Staff(
        "julie.bernard",
        "Julie Bernard",
        Role.MEMBER,
        "Vendeuse",
        ("horaires", "boutique", "paiement"),
    ),
    Staff(
        "karim.haddad",
        "Karim Haddad",
        Role.MEMBER,
        "Livreur",
        ("livraison", "commandes entreprises"),
    ),
    Staff(
        "lea.girard",
        "Léa Girard",
        Role.READONLY,
        "Apprentie boulangère",
        ("viennoiseries",),
    ),
)

OWNER = STAFF[0]


def staff_for(expertise: str) -> Staff:
    """The colleague whose expertise covers a subject; the owner takes whatever is left."""
    for member in STAFF:
        if member.answers and expertise in member.expertise:
            return member
    return OWNER


@dataclass(frozen=True)
class Goal:
    kind: str
    label: str
    target: Decimal
    unit: str


OBJECTIVES: tuple[Goal, ...] = (
    Goal(
        ObjectiveKind.ORDERS,
        "25 commandes de gâteaux de fête par mois",
        Decimal(25),
        "commandes/mois",
    ),
    Goal(
        ObjectiveKind.VISITS,
        "1 500 visites par mois sur le site et la fiche Google",
        Decimal(1500),
        "visites/mois",
    ),
    Goal(
        ObjectiveKind.REPUTATION,
        "Une note Google moyenne d'au moins 4,7",
        Decimal("4.7"),
        "/5",
    ),
    Goal(
        ObjectiveKind.RESPONSE_TIME,
        "Répondre aux clients en moins d'une heure d'ouverture",
        Decimal(60),
        "min",
    ),
    Goal(
        ObjectiveKind.COMMUNITY,
        "Être citée 10 fois par mois par des voix d'Orléans",
        Decimal(10),
        "mentions/mois",
    ),
)
