"""What is said about the business, its products, its competitors and its town."""

from __future__ import annotations

from urllib.parse import urlencode

from django.core.paginator import Paginator
from django.db.models import Count
from django.http import HttpResponse
from django.shortcuts import render

from comptoir.inbox.models import Intent, Sentiment
from comptoir.listening.models import Mention, Topic
from comptoir.workspaces.access import WorkspaceRequest, workspace_view

#: The filters of the list and the values each accepts ("none": no intent found).
FILTERS = {
    "sentiment": set(Sentiment.values),
    "intent": {*Intent.values, "none"},
}


@workspace_view()
def index(request: WorkspaceRequest) -> HttpResponse:
    mentions = Mention.objects.for_workspace(request.workspace).select_related("topic_ref")
    topics = Topic.objects.for_workspace(request.workspace).annotate(n=Count("mentions"))
    # A topic is chosen by its id; another workspace's id simply matches nothing.
    topic = request.GET.get("topic", "")
    if not topic.isdigit():
        topic = ""
    if topic:
        mentions = mentions.filter(topic_ref_id=int(topic))
    # Unknown values are ignored rather than refused: they come from an edited address.
    chosen = {
        name: request.GET.get(name, "")
        for name, allowed in FILTERS.items()
        if request.GET.get(name, "") in allowed
    }
    if "sentiment" in chosen:
        mentions = mentions.filter(sentiment=chosen["sentiment"])
    if "intent" in chosen:
        mentions = mentions.filter(intent="" if chosen["intent"] == "none" else chosen["intent"])
    query = {"topic": topic, **chosen} if topic else chosen
    page = Paginator(mentions, 50).get_page(request.GET.get("page"))
    return render(
        request,
        "listening/index.html",
        {
            "page": page,
            "topics": topics,
            "has_topics": any(t.active for t in topics),
            "topic": topic,
            "filters": chosen,
            "filter_query": urlencode(chosen),
            "sentiments": Sentiment.choices,
            "intents": Intent.choices,
            "query_prefix": urlencode(query) + "&" if query else "",
        },
    )
