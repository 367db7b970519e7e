"""The results page: durations, numbers and dates as the reader's language writes them."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from tests.factories import MessageFactory, ObjectiveFactory

pytestmark = pytest.mark.django_db


def results(client, workspace, language: str):
    url = reverse("insights:index", args=[workspace.slug])
    return client.get(url, HTTP_ACCEPT_LANGUAGE=language)


def test_response_times_read_as_on_the_response_times_page(owner_client, workspace):
    received = timezone.now() - timedelta(hours=6)
    MessageFactory(
        workspace=workspace, received_at=received, replied_at=received + timedelta(minutes=288)
    )
    page = results(owner_client, workspace, "fr").content.decode()
    assert "<td>4 h 48</td>" in page and "288" not in page


def test_objective_targets_group_their_thousands(owner_client, workspace):
    ObjectiveFactory(
        workspace=workspace, label="Visites", kind="visits", target=1500, unit="visites/mois"
    )
    assert "1\xa0500 visites/mois" in results(owner_client, workspace, "fr").content.decode()
    assert "1,500 visites/mois" in results(owner_client, workspace, "en").content.decode()


@pytest.mark.parametrize(("language", "order"), [("fr", "{day}/{month}"), ("en", "{month}/{day}")])
def test_chart_days_follow_the_language(owner_client, workspace, language, order):
    response = results(owner_client, workspace, language)
    start = response.context["weeks"][0].start
    label = order.format(day=start.day, month=start.month)
    assert f'<div class="chart-labels"><span>{label}</span>' in response.content.decode()
