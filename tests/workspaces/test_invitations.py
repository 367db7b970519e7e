"""Invitations by real email: the message, its link, and every way of following it."""

from __future__ import annotations

from datetime import timedelta
from urllib.parse import urlsplit

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from comptoir.workspaces import actions
from comptoir.workspaces.models import Invitation, Membership, Role
from tests.accounts.mailserver import free_port
from tests.factories import PASSWORD, InvitationFactory, MembershipFactory, UserFactory

pytestmark = pytest.mark.django_db

NEW_PASSWORD = "farine-levain-four-1830"


def invite(owner_client, workspace, email, role="member", expertise=""):
    return owner_client.post(
        reverse("workspaces:invite", args=[workspace.slug]),
        {"email": email, "role": role, "expertise": expertise},
        follow=True,
    )


def received_link(smtp_server, index=-1) -> str:
    [link] = smtp_server.links(smtp_server.messages[index])
    return link


def test_newcomer_receives_french_email_creates_account_and_joins(
    owner_client, workspace, owner, smtp_server
):
    workspace.name = "Boulangerie Martin"
    workspace.language = "fr"
    workspace.save()
    response = invite(owner_client, workspace, "lucie@exemple.fr", "member", "livraison, pain")
    assert "Invitation envoyée à lucie@exemple.fr" in response.content.decode()

    [message] = smtp_server.messages
    assert smtp_server.envelopes[0][1] == ["lucie@exemple.fr"]
    assert message["To"] == "lucie@exemple.fr"
    assert message["Reply-To"] == owner.email
    assert (
        message["Subject"].strip()
        == f"{owner} vous invite à rejoindre Boulangerie Martin sur Comptoir"
    )
    body = smtp_server.body(message)
    assert "en tant que membre" in body
    assert "livraison, pain" in body
    assert "14 jours" in body
    link = received_link(smtp_server)
    # The link shown on the team page is the emailed one.
    assert link in response.content.decode()
    path = urlsplit(link).path
    assert path.startswith("/invitations/")

    newcomer = Client()
    page = newcomer.get(path)
    assert page.status_code == 200
    assert "Créez votre compte pour lucie@exemple.fr" in page.content.decode()

    response = newcomer.post(
        path, {"full_name": "Lucie Petit", "password1": "court", "password2": "court"}
    )
    assert response.status_code == 200
    assert not Membership.objects.filter(user__email="lucie@exemple.fr").exists()

    response = newcomer.post(
        path,
        {"full_name": "Lucie Petit", "password1": NEW_PASSWORD, "password2": NEW_PASSWORD},
        follow=True,
    )
    assert response.redirect_chain[-1][0] == reverse("workspaces:dashboard", args=[workspace.slug])
    assert "Bienvenue dans l’espace Boulangerie Martin" in response.content.decode()  # noqa: RUF001
    membership = Membership.objects.get(user__email="lucie@exemple.fr", workspace=workspace)
    assert membership.role == Role.MEMBER
    assert membership.expertise == ["livraison", "pain"]
    assert membership.user.full_name == "Lucie Petit"
    assert membership.user.check_password(NEW_PASSWORD)
    assert Invitation.objects.get().accepted_at is not None

    # The link is spent: it now says so.
    again = Client().get(path)
    assert again.status_code == 410
    assert "Cette invitation a déjà servi" in again.content.decode()


def test_email_is_in_english_for_an_english_workspace(owner_client, workspace, smtp_server):
    workspace.language = "en"
    workspace.save()
    invite(owner_client, workspace, "jane@example.com", "manager")
    [message] = smtp_server.messages
    assert message["Subject"].endswith(f"invites you to join {workspace.name} on Comptoir")
    body = smtp_server.body(message)
    assert "as manager." in body
    assert "The link works for 14 days." in body


def test_existing_user_signs_in_on_the_invitation_page_and_joins(
    owner_client, workspace, smtp_server
):
    other_workspace = MembershipFactory(user=UserFactory(email="paul@exemple.fr")).workspace
    invite(owner_client, workspace, "paul@exemple.fr", "readonly")
    path = urlsplit(received_link(smtp_server)).path

    paul = Client()
    page = paul.get(path).content.decode()
    assert "Vous avez déjà un compte avec paul@exemple.fr" in page
    response = paul.post(path, {"password": "mauvais"})
    assert response.status_code == 200
    assert "ne correspondent pas" in response.content.decode()
    assert not Membership.objects.filter(
        workspace=workspace, user__email="paul@exemple.fr"
    ).exists()

    response = paul.post(path, {"password": PASSWORD})
    assert response["Location"] == reverse("workspaces:dashboard", args=[workspace.slug])
    assert (
        Membership.objects.get(workspace=workspace, user__email="paul@exemple.fr").role
        == Role.READONLY
    )
    # Both workspaces are now in Paul's switcher.
    page = paul.get(response["Location"]).content.decode()
    assert other_workspace.name in page and workspace.name in page


def test_signed_in_invitee_joins_with_one_click(owner_client, workspace, smtp_server):
    paul = UserFactory(email="paul@exemple.fr")
    invite(owner_client, workspace, "paul@exemple.fr")
    path = urlsplit(received_link(smtp_server)).path
    client = Client()
    client.force_login(paul)
    assert "Rejoindre" in client.get(path).content.decode()
    response = client.post(path)
    assert response.status_code == 302
    assert Membership.objects.filter(workspace=workspace, user=paul).exists()


def test_signed_in_as_someone_else_is_told_to_sign_out(owner_client, workspace, smtp_server):
    invite(owner_client, workspace, "paul@exemple.fr")
    path = urlsplit(received_link(smtp_server)).path
    stranger = Client()
    stranger.force_login(UserFactory(email="autre@exemple.fr"))
    page = stranger.get(path).content.decode()
    assert "destinée à paul@exemple.fr" in page
    assert "autre@exemple.fr" in page
    response = stranger.post(path)
    assert response.status_code == 200
    assert Membership.objects.filter(workspace=workspace).count() == 1


def test_expired_revoked_and_unknown_links_get_a_clear_page(workspace, client):
    invitation = Invitation(workspace=workspace, email="a@exemple.fr")
    token = invitation.new_token()
    invitation.save()
    invitation.sent_at = timezone.now() - Invitation.VALID_FOR - timedelta(minutes=1)
    invitation.save()
    response = client.get(reverse("workspaces:invitation", args=[token]))
    assert response.status_code == 410
    assert "a expiré" in response.content.decode()
    assert client.post(reverse("workspaces:invitation", args=[token]), {}).status_code == 410

    invitation.sent_at = timezone.now()
    invitation.revoked_at = timezone.now()
    invitation.save()
    response = client.get(reverse("workspaces:invitation", args=[token]))
    assert response.status_code == 410
    assert "a été annulée" in response.content.decode()

    response = client.get(reverse("workspaces:invitation", args=["pas-un-vrai-jeton"]))
    assert response.status_code == 404
    assert "Ce lien n’est pas valide" in response.content.decode()  # noqa: RUF001


def test_a_link_revoked_while_the_form_is_open_does_not_let_anyone_in(workspace):
    invitation = InvitationFactory(workspace=workspace, email="lucie@exemple.fr")
    token = invitation.new_token()
    invitation.save()
    path = reverse("workspaces:invitation", args=[token])
    newcomer = Client()
    assert newcomer.get(path).status_code == 200
    invitation.revoked_at = timezone.now()
    invitation.save()
    data = {"full_name": "Lucie", "password1": NEW_PASSWORD, "password2": NEW_PASSWORD}
    assert newcomer.post(path, data).status_code == 410
    assert not Membership.objects.filter(user__email="lucie@exemple.fr").exists()


def test_accepting_twice_at_once_joins_once(workspace):
    invitation = InvitationFactory(workspace=workspace, email="lucie@exemple.fr")
    user = UserFactory(email="lucie@exemple.fr")
    actions.accept(invitation, user)
    with pytest.raises(actions.TeamError):
        actions.accept(Invitation.objects.get(pk=invitation.pk), user)
    assert Membership.objects.filter(workspace=workspace, user=user).count() == 1


def test_without_a_mail_server_the_link_is_still_shown(owner_client, workspace, settings):
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST = "127.0.0.1"
    settings.EMAIL_PORT = free_port()  # nothing listens there
    settings.EMAIL_TIMEOUT = 2
    response = invite(owner_client, workspace, "lucie@exemple.fr")
    page = response.content.decode()
    assert "n’a pas pu être envoyé" in page  # noqa: RUF001
    link = response.context["invitations"][0]["link"]
    assert link in page
    assert Client().get(urlsplit(link).path).status_code == 200


def test_resend_emails_a_new_working_link(owner_client, workspace, smtp_server):
    invite(owner_client, workspace, "lucie@exemple.fr")
    invitation = Invitation.objects.get()
    old_sent_at = invitation.sent_at
    owner_client.post(reverse("workspaces:invitation_resend", args=[workspace.slug, invitation.pk]))
    assert len(smtp_server.messages) == 2
    first, second = (urlsplit(received_link(smtp_server, i)).path for i in (0, 1))
    assert first != second
    assert Client().get(first).status_code == 404
    assert Client().get(second).status_code == 200
    invitation.refresh_from_db()
    assert invitation.sent_at > old_sent_at


def test_signing_in_through_an_invitation_is_throttled_too(owner_client, workspace, settings):
    UserFactory(email="paul@exemple.fr")
    invitation = InvitationFactory(workspace=workspace, email="paul@exemple.fr")
    token = invitation.new_token()
    invitation.save()
    path = reverse("workspaces:invitation", args=[token])
    client = Client()
    statuses = [
        client.post(path, {"username": "paul@exemple.fr", "password": "mauvais"}).status_code
        for _attempt in range(settings.AXES_FAILURE_LIMIT)
    ]
    assert statuses[-1] == 429
    response = client.post(path, {"username": "paul@exemple.fr", "password": PASSWORD})
    assert response.status_code == 429
    assert "Trop de tentatives" in response.content.decode()
    assert not Membership.objects.filter(
        workspace=workspace, user__email="paul@exemple.fr"
    ).exists()
