"""The calendar feed itself: no sign-in, the secret address is the key."""

from __future__ import annotations

from django.http import Http404, HttpRequest, HttpResponse
from django.utils import translation
from django.views.decorators.http import require_GET

from comptoir.publishing import feed


@require_GET
def ical(request: HttpRequest, token: str) -> HttpResponse:
    found = feed.find(token)
    if found is None:
        raise Http404
    with translation.override(found.workspace.language):
        body = feed.render(found.workspace)
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["Cache-Control"] = "private, max-age=300"
    return response
