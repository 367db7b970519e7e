"""Password reset by email, end to end through a real SMTP server."""

from __future__ import annotations

from urllib.parse import urlsplit

import pytest
from django.urls import reverse

from tests.factories import PASSWORD, UserFactory

pytestmark = pytest.mark.django_db

NEW_PASSWORD = "une-autre-phrase-secrete-42"


def test_reset_link_arrives_by_email_and_sets_a_new_password(client, smtp_server):
    user = UserFactory(email="marie@boulangerie.fr")

    response = client.post(reverse("accounts:password_reset"), {"email": "Marie@Boulangerie.fr"})
    assert response.status_code == 302
    assert response["Location"] == reverse("accounts:password_reset_done")

    assert len(smtp_server.messages) == 1
    message = smtp_server.messages[0]
    assert smtp_server.envelopes[0][1] == ["marie@boulangerie.fr"]
    assert message["Subject"] == "Choisissez un nouveau mot de passe Comptoir"
    body = smtp_server.body(message)
    assert "a demandé à réinitialiser le mot de passe" in body
    [link] = smtp_server.links(message)
    path = urlsplit(link).path

    # Django swaps the token for a session marker and redirects to a token-free address.
    response = client.get(path, follow=True)
    assert response.status_code == 200
    assert "Choisissez un nouveau mot de passe" in response.content.decode()
    form_url = response.redirect_chain[-1][0]
    response = client.post(form_url, {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD})
    assert response.status_code == 302
    assert response["Location"] == reverse("accounts:password_reset_complete")

    user.refresh_from_db()
    assert user.check_password(NEW_PASSWORD)
    assert not user.check_password(PASSWORD)

    # The link works once.
    response = client.get(path, follow=True)
    assert "Ce lien a expiré ou a déjà servi" in response.content.decode()

    response = client.post(
        reverse("accounts:login"), {"username": user.email, "password": NEW_PASSWORD}
    )
    assert response.status_code == 302


def test_unknown_address_sends_nothing_and_says_the_same(client, smtp_server):
    response = client.post(
        reverse("accounts:password_reset"), {"email": "personne@nulle-part.fr"}, follow=True
    )
    assert response.status_code == 200
    assert "Consultez vos e-mails" in response.content.decode()
    assert smtp_server.messages == []


def test_reset_email_speaks_the_users_language(client, smtp_server):
    UserFactory(email="jane@bakery.example", language="en")
    UserFactory(email="paul@boulangerie.fr", language="")
    client.post(reverse("accounts:password_reset"), {"email": "jane@bakery.example"})
    client.post(reverse("accounts:password_reset"), {"email": "paul@boulangerie.fr"})
    subjects = [message["Subject"] for message in smtp_server.messages]
    assert subjects == [
        "Choose a new Comptoir password",
        "Choisissez un nouveau mot de passe Comptoir",
    ]
