"""Owners hear once when an account is about to lose its access, and once when it broke."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core import mail
from django.utils import timezone

from comptoir.networks.errors import ErrorKind, NetworkError
from comptoir.networks.health import warn_owners
from comptoir.networks.models import ConnectedAccount
from tests.factories import MembershipFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def account(workspace, owner):
    MembershipFactory(workspace=workspace, role="member")  # members are not bothered
    return ConnectedAccount.objects.create(
        workspace=workspace, network="mastodon", remote_id="1@piaille.fr", handle="@boulangerie"
    )


def test_an_expiring_access_is_announced_once_in_french(account, owner):
    account.token_expires_at = timezone.now() + timedelta(days=3)
    account.save()
    assert warn_owners() == {"expiring": 1, "broken": 0}
    assert warn_owners() == {"expiring": 0, "broken": 0}
    [message] = mail.outbox
    assert message.to == [owner.email]
    assert "expire" in message.subject and "@boulangerie" in message.subject
    assert "/settings/accounts/" in message.body


def test_a_distant_expiry_is_not_announced(account):
    account.token_expires_at = timezone.now() + timedelta(days=40)
    account.save()
    assert warn_owners() == {"expiring": 0, "broken": 0}


def test_a_broken_connection_is_announced_and_again_after_a_repair(account):
    account.record_error(NetworkError(ErrorKind.AUTH_EXPIRED, "401"))
    assert warn_owners()["broken"] == 1
    assert "perdu la connexion" in mail.outbox[0].subject
    account.refresh_from_db()
    account.record_success()
    account.record_error(NetworkError(ErrorKind.AUTH_EXPIRED, "401 again"))
    assert warn_owners()["broken"] == 1
    assert len(mail.outbox) == 2


def test_other_errors_do_not_break_the_account(account):
    account.record_error(NetworkError(ErrorKind.RATE_LIMITED, "429"))
    assert warn_owners() == {"expiring": 0, "broken": 0}


def test_the_status_page_counts_accounts_without_naming_them(account, client, django_user_model):
    from comptoir.networks.models import AccountStatus

    account.status = AccountStatus.BROKEN
    account.save()
    client.force_login(django_user_model.objects.create_user("ops@exemple.fr", "x", full_name="Op"))
    page = client.get("/status/").content.decode()
    assert "1 à reconnecter" in page
    assert "@boulangerie" not in page
