"""Signing in with an email address, throttling of failed attempts, and the profile."""

from __future__ import annotations

import pytest
from django.conf import settings
from django.urls import reverse

from tests.factories import PASSWORD, MembershipFactory, UserFactory

pytestmark = pytest.mark.django_db


def test_sign_in_with_email_in_any_case_opens_the_workspace(client):
    membership = MembershipFactory(user=UserFactory(email="marie@boulangerie.fr"))
    response = client.post(
        reverse("accounts:login"), {"username": " Marie@Boulangerie.FR ", "password": PASSWORD}
    )
    assert response.status_code == 302
    response = client.get(response["Location"], follow=True)
    assert response.redirect_chain[-1][0] == reverse(
        "workspaces:dashboard", args=[membership.workspace.slug]
    )


def test_wrong_password_is_refused_in_french(client):
    UserFactory(email="marie@boulangerie.fr")
    response = client.post(
        reverse("accounts:login"), {"username": "marie@boulangerie.fr", "password": "faux"}
    )
    assert response.status_code == 200
    assert (
        "Cette adresse e-mail et ce mot de passe ne correspondent pas" in response.content.decode()
    )


def test_repeated_failures_lock_the_address_and_say_so_in_french(client):
    user = UserFactory(email="marie@boulangerie.fr")
    limit = settings.AXES_FAILURE_LIMIT
    assert limit >= 2
    for _attempt in range(limit - 1):
        response = client.post(
            reverse("accounts:login"), {"username": user.email, "password": "mauvais"}
        )
        assert response.status_code == 200
    response = client.post(
        reverse("accounts:login"), {"username": user.email, "password": "mauvais"}
    )
    assert response.status_code == 429
    page = response.content.decode()
    assert "Trop de tentatives" in page
    minutes = round(settings.AXES_COOLOFF_TIME * 60)
    assert f"est suspendue pendant {minutes} minutes" in page

    # Even the right password is refused while the address is locked.
    response = client.post(
        reverse("accounts:login"), {"username": user.email, "password": PASSWORD}
    )
    assert response.status_code == 429
    assert "_auth_user_id" not in client.session


def test_lock_is_per_address(client):
    locked = UserFactory(email="marie@boulangerie.fr")
    other = UserFactory(email="paul@boulangerie.fr")
    for _attempt in range(settings.AXES_FAILURE_LIMIT):
        client.post(reverse("accounts:login"), {"username": locked.email, "password": "mauvais"})
    response = client.post(
        reverse("accounts:login"), {"username": other.email, "password": PASSWORD}
    )
    assert response.status_code == 302


def test_profile_saves_name_and_language(client):
    user = UserFactory(full_name="Marie Martin")
    client.force_login(user)
    response = client.post(
        reverse("accounts:profile"), {"full_name": "Marie Dupont", "language": "en"}
    )
    assert response.status_code == 302
    user.refresh_from_db()
    assert (user.full_name, user.language) == ("Marie Dupont", "en")
    response = client.get(reverse("accounts:profile"))
    assert "Your profile" in response.content.decode()


@pytest.mark.parametrize(
    ("browser", "saved", "other"),
    [
        ("fr", "Votre profil est enregistré.", "Your profile is saved."),
        ("en", "Your profile is saved.", "Votre profil est enregistré."),
    ],
)
def test_back_to_the_browser_language_says_saved_in_the_browser_language(
    client, browser, saved, other
):
    client.force_login(UserFactory(language="en" if browser == "fr" else "fr"))
    response = client.post(
        reverse("accounts:profile"),
        {"full_name": "Marie Martin", "language": ""},
        headers={"accept-language": browser},
        follow=True,
    )
    page = response.content.decode()
    assert saved in page
    assert other not in page


def test_the_browser_language_choice_has_a_name(client):
    client.force_login(UserFactory(language="fr"))
    page = client.get(reverse("accounts:profile")).content.decode()
    assert '<option value="">Langue du navigateur</option>' in page
    assert "---------" not in page
    client.force_login(UserFactory(language="en"))
    page = client.get(reverse("accounts:profile")).content.decode()
    assert '<option value="">Browser language</option>' in page


def test_pages_behind_sign_in_redirect_anonymous_visitors(client):
    response = client.get(reverse("accounts:profile"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:login"))
