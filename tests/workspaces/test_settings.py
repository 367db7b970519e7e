"""Settings > Business: details, business hours and objectives; who may change them."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.urls import reverse

from comptoir.workspaces.models import DAYS, Objective
from tests.factories import ObjectiveFactory, WorkspaceFactory

pytestmark = pytest.mark.django_db

DETAILS = {
    "name": "Boulangerie Martin",
    "sector": "food",
    "address": "12 rue de Bourgogne, 45000 Orléans",
    "latitude": "47.899",
    "longitude": "1.909",
    "radius_km": "15",
    "timezone": "Europe/Paris",
    "language": "en",
}


def url(name, workspace, *args):
    return reverse(f"workspaces:{name}", args=[workspace.slug, *args])


def week(**days: list[tuple[str, str]]) -> dict[str, str]:
    """Form data for the hours: the days given are open at those periods, others closed."""
    data = {}
    for day in DAYS:
        periods = days.get(day, [])
        if not periods:
            data[f"hours-{day}_closed"] = "on"
        for index, (start, end) in enumerate(periods, start=1):
            data[f"hours-{day}_open_{index}"] = start
            data[f"hours-{day}_close_{index}"] = end
    return data


def test_owner_edits_every_detail(owner_client, workspace):
    slug = workspace.slug
    response = owner_client.post(url("settings", workspace), DETAILS)
    assert response.status_code == 302
    workspace.refresh_from_db()
    assert workspace.name == "Boulangerie Martin"
    assert workspace.slug == slug  # links and bookmarks keep working
    assert workspace.sector == "food"
    assert workspace.address.startswith("12 rue")
    assert (workspace.latitude, workspace.longitude) == (Decimal("47.899"), Decimal("1.909"))
    assert workspace.radius_km == 15
    assert workspace.language == "en"


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"latitude": "91"}, "Une latitude est comprise entre -90 et 90."),
        ({"longitude": "-181"}, "Une longitude est comprise entre -180 et 180."),
        ({"longitude": ""}, "Indiquez à la fois la latitude et la longitude"),
        ({"radius_km": "0"}, "Choisissez une zone comprise entre 1 et 500 km."),
        ({"timezone": "Mars/Olympus"}, "Sélectionnez un choix valide"),
        ({"name": ""}, "Ce champ est obligatoire."),
    ],
)
def test_invalid_details_are_refused_with_a_french_message(
    owner_client, workspace, changes, message
):
    response = owner_client.post(url("settings", workspace), DETAILS | changes)
    assert response.status_code == 200
    assert message in response.content.decode()
    workspace.refresh_from_db()
    assert workspace.name != "Boulangerie Martin"


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"latitude": "999"}, "Une latitude est comprise entre -90 et 90."),
        ({"longitude": "999"}, "Une longitude est comprise entre -180 et 180."),
        ({"latitude": "abc"}, "Saisissez un nombre."),
    ],
)
def test_a_coordinate_refused_on_its_own_is_not_also_said_to_be_missing(
    owner_client, workspace, changes, message
):
    response = owner_client.post(url("settings", workspace), DETAILS | changes)
    page = response.content.decode()
    assert message in page
    assert "Indiquez à la fois la latitude et la longitude" not in page


def test_owner_saves_business_hours_with_a_lunch_break(owner_client, workspace):
    data = week(tue=[("07:00", "13:00"), ("15:30", "19:30")], sun=[("08:00", "12:30")])
    response = owner_client.post(url("hours", workspace), data)
    assert response.status_code == 302
    workspace.refresh_from_db()
    assert workspace.business_hours["tue"] == [["07:00", "13:00"], ["15:30", "19:30"]]
    assert workspace.business_hours["sun"] == [["08:00", "12:30"]]
    assert workspace.business_hours["mon"] == []
    page = owner_client.get(url("settings", workspace)).content.decode()
    assert 'name="hours-tue_open_2" value="15:30"' in page


def test_invalid_hours_are_shown_on_the_settings_page(owner_client, workspace):
    before = dict(workspace.business_hours)
    response = owner_client.post(url("hours", workspace), week(mon=[("18:00", "09:00")]))
    assert response.status_code == 200
    assert "Lundi : la fermeture doit venir après l’ouverture." in response.content.decode()  # noqa: RUF001
    workspace.refresh_from_db()
    assert workspace.business_hours == before


def test_objectives_are_added_edited_and_deleted(owner_client, workspace):
    response = owner_client.post(
        url("objective_create", workspace),
        {
            "kind": "orders",
            "label": "20 commandes de gâteaux par mois",
            "target": "20",
            "unit": "commandes",
        },
    )
    assert response.status_code == 302
    objective = Objective.objects.get(workspace=workspace)
    assert (objective.kind, objective.target, objective.unit) == ("orders", 20, "commandes")
    page = owner_client.get(url("settings", workspace)).content.decode()
    assert "20 commandes de gâteaux par mois" in page
    assert "Objectif chiffré : 20 commandes" in page

    edit = url("objective_edit", workspace, objective.pk)
    assert owner_client.get(edit).status_code == 200
    response = owner_client.post(
        edit,
        {"kind": "reputation", "label": "Garder 4,7 étoiles", "target": "4.7", "unit": "étoiles"},
    )
    assert response.status_code == 302
    objective.refresh_from_db()
    assert (objective.kind, objective.target) == ("reputation", Decimal("4.7"))

    response = owner_client.post(edit, {"kind": "reputation", "label": "x", "target": "-1"})
    assert "Un objectif chiffré ne peut pas être négatif." in response.content.decode()

    response = owner_client.post(url("objective_delete", workspace, objective.pk))
    assert response.status_code == 302
    assert not Objective.objects.exists()


def test_invalid_new_objective_keeps_the_page_and_its_errors(owner_client, workspace):
    response = owner_client.post(
        url("objective_create", workspace), {"kind": "orders", "label": ""}
    )
    assert response.status_code == 200
    assert "Ce champ est obligatoire." in response.content.decode()
    assert not Objective.objects.exists()


@pytest.mark.parametrize("role", ["readonly", "member"])
def test_read_only_and_members_see_the_settings_but_cannot_change_them(
    member_factory, workspace, role
):
    _membership, client = member_factory(role)
    objective = ObjectiveFactory(workspace=workspace, label="Plus d’appels")  # noqa: RUF001
    page = client.get(url("settings", workspace)).content.decode()
    assert "Seuls les propriétaires et les responsables peuvent modifier ces réglages." in page
    assert workspace.name in page
    assert "Plus d’appels" in page  # noqa: RUF001
    assert "<form" not in page.split("<main")[1].replace('action="/accounts/logout/"', "")
    name = workspace.name
    attempts = [
        client.post(url("settings", workspace), DETAILS),
        client.post(url("hours", workspace), week()),
        client.post(
            url("objective_create", workspace), {"kind": "orders", "label": "x", "target": "1"}
        ),
        client.get(url("objective_edit", workspace, objective.pk)),
        client.post(
            url("objective_edit", workspace, objective.pk),
            {"kind": "orders", "label": "x", "target": "1"},
        ),
        client.post(url("objective_delete", workspace, objective.pk)),
    ]
    assert [response.status_code for response in attempts] == [403] * len(attempts)
    workspace.refresh_from_db()
    objective.refresh_from_db()
    assert workspace.name == name
    assert objective.label == "Plus d’appels"  # noqa: RUF001
    assert Objective.objects.count() == 1


def test_read_only_sees_the_hours_as_text(member_factory, workspace):
    workspace.business_hours = {day: [] for day in DAYS} | {
        "sat": [["07:00", "13:00"], ["15:30", "19:30"]]
    }
    workspace.save()
    _membership, client = member_factory("readonly")
    page = client.get(url("settings", workspace)).content.decode()
    assert "07:00–13:00, 15:30–19:30" in page  # noqa: RUF001
    assert page.count("Fermé") >= 6


def test_another_workspaces_objective_is_not_found(owner_client, workspace):
    foreign = ObjectiveFactory(workspace=WorkspaceFactory())
    assert owner_client.get(url("objective_edit", workspace, foreign.pk)).status_code == 404
    assert owner_client.post(url("objective_delete", workspace, foreign.pk)).status_code == 404
    assert Objective.objects.filter(pk=foreign.pk).exists()
