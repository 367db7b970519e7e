"""Error pages in the product's look and the reader's language, with their status codes."""

from __future__ import annotations

import pytest
from django.test import Client, RequestFactory
from django.urls import reverse
from django.utils import translation
from django.views.defaults import bad_request, server_error

from comptoir.workspaces.models import Role
from tests.factories import MembershipFactory

ACCEPT = {"fr": "fr-FR,fr;q=0.9", "en": "en-US,en;q=0.9"}


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("language", "title", "way_back"),
    [
        ("fr", "Cette page n’existe pas", "Retour au tableau de bord"),  # noqa: RUF001
        ("en", "This page does not exist", "Back to the dashboard"),
    ],
)
def test_a_missing_page_is_the_products_404_in_the_readers_language(language, title, way_back):
    member = MembershipFactory(workspace__name="Boulangerie Martin")
    client = Client(headers={"accept-language": ACCEPT[language]})
    client.force_login(member.user)

    response = client.get("/no-such-page/")

    assert response.status_code == 404
    assert response.templates[0].name == "404.html"
    page = response.content.decode()
    assert f'<html lang="{language}">' in page
    assert title in page
    assert way_back in page and f'href="{reverse("home")}"' in page
    assert "Not Found" not in page


@pytest.mark.django_db
def test_a_signed_out_visitor_is_offered_to_sign_in_on_the_404():
    page = Client().get("/no-such-page/").content.decode()
    assert "Cette page n’existe pas" in page  # noqa: RUF001
    assert reverse("accounts:login") in page
    assert "AnonymousUser" not in page


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("language", "refusal", "role", "ask"),
    [
        (
            "fr",
            "Votre rôle ne permet pas cette action",
            "vous êtes « Membre »",
            "demandez à la personne propriétaire de l’espace, Claire Martin, de changer votre rôle",  # noqa: RUF001
        ),
        (
            "en",
            "Your role does not allow this",
            "you are “Member”",
            "ask the workspace owner, Claire Martin, to change your role",
        ),
    ],
)
def test_a_refusal_names_the_role_and_the_owner_to_ask(language, refusal, role, ask):
    owner = MembershipFactory(role=Role.OWNER, user__full_name="Claire Martin")
    member = MembershipFactory(workspace=owner.workspace, role=Role.MEMBER)
    client = Client(headers={"accept-language": ACCEPT[language]})
    client.force_login(member.user)

    # Connecting a network account takes a manager.
    url = reverse("networks:connect", args=[owner.workspace.slug, "bluesky"])
    response = client.get(url)

    assert response.status_code == 403
    assert response.templates[0].name == "403.html"
    page = response.content.decode()
    assert f'<html lang="{language}">' in page
    assert refusal in page
    assert role in page
    assert ask in page
    assert "403 Forbidden" not in page


@pytest.mark.django_db
def test_a_refusal_outside_any_workspace_still_says_whom_to_ask(rf: RequestFactory):
    from comptoir.core.views import permission_denied

    request = rf.get("/")
    request.user = MembershipFactory().user
    request.resolver_match = None
    with translation.override("en"):
        response = permission_denied(request, Exception())
    assert response.status_code == 403
    assert "ask the workspace owner to change your role" in response.content.decode()


@pytest.mark.parametrize(
    ("language", "text"),
    [("fr", "Un problème est survenu de notre côté"), ("en", "Something went wrong on our side")],
)
def test_the_500_page_needs_no_request_context_nor_database(language, text, rf: RequestFactory):
    # Without the django_db mark, any query would fail this test.
    with translation.override(language):
        response = server_error(rf.get("/"))
    page = response.content.decode()
    assert response.status_code == 500
    assert f'<html lang="{language}">' in page
    assert text in page
    assert "comptoir/app.css" in page
    assert f'href="{reverse("home")}"' in page


def test_the_400_page_is_translated_too(rf: RequestFactory):
    with translation.override("fr"):
        response = bad_request(rf.get("/"), Exception())
    assert response.status_code == 400
    assert "Comptoir n’a pas pu comprendre cette demande" in response.content.decode()  # noqa: RUF001


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("language", "text"),
    [("fr", "Ce formulaire n’a pas pu être envoyé"), ("en", "This form could not be sent")],  # noqa: RUF001
)
def test_a_form_refused_for_its_missing_token_says_to_reload_it(language, text):
    member = MembershipFactory()
    client = Client(enforce_csrf_checks=True, headers={"accept-language": ACCEPT[language]})
    client.force_login(member.user)

    response = client.post(reverse("accounts:logout"))

    assert response.status_code == 403
    page = response.content.decode()
    assert text in page
    assert f'href="{reverse("home")}"' in page
