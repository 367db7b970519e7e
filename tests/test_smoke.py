"""The shell renders for a signed-in owner: every area of the navigation answers 200."""

import pytest
from django.urls import reverse

from comptoir.core.navigation import AREAS


@pytest.mark.django_db
def test_sign_in_page_is_french_by_default(client):
    response = client.get(reverse("accounts:login"))
    assert response.status_code == 200
    assert "Se connecter" in response.content.decode()


@pytest.mark.django_db
def test_every_area_renders(owner_client, workspace):
    for area in AREAS:
        response = owner_client.get(reverse(area.url_name, args=[workspace.slug]))
        assert response.status_code == 200, area.url_name


@pytest.mark.django_db
def test_phone_labels_of_the_navigation_are_french(owner_client, workspace):
    page = owner_client.get(reverse("workspaces:dashboard", args=[workspace.slug])).content.decode()
    for label in ("Messages", "Publier", "Écoute", "Résultats", "Réglages"):
        assert f'<span class="label short" aria-hidden="true">{label}</span>' in page
