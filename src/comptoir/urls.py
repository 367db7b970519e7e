from django.urls import include, path

from comptoir.core import views as core_views

handler403 = core_views.permission_denied

urlpatterns = [
    path("", core_views.home, name="home"),
    path("health/", core_views.health, name="health"),
    path("status/", core_views.status, name="status"),
    path("accounts/", include("comptoir.accounts.urls")),
    path("", include("comptoir.workspaces.urls")),
    path("", include("comptoir.demo.urls")),
    path("w/<slug:workspace_slug>/inbox/replies/", include("comptoir.replies.urls")),
    path("w/<slug:workspace_slug>/inbox/", include("comptoir.inbox.urls")),
    path("w/<slug:workspace_slug>/settings/replies/", include("comptoir.replies.settings_urls")),
    path("w/<slug:workspace_slug>/publish/bulk/", include("comptoir.bulk.urls")),
    path("w/<slug:workspace_slug>/publish/", include("comptoir.publishing.urls")),
    path("w/<slug:workspace_slug>/listening/", include("comptoir.listening.urls")),
    path("w/<slug:workspace_slug>/contacts/", include("comptoir.contacts.urls")),
    path("w/<slug:workspace_slug>/results/", include("comptoir.insights.urls")),
    path("w/<slug:workspace_slug>/coach/", include("comptoir.coach.urls")),
    path("w/<slug:workspace_slug>/settings/accounts/", include("comptoir.networks.urls")),
    path(
        "w/<slug:workspace_slug>/settings/publishing/",
        include("comptoir.publishing.settings_urls"),
    ),
    path("calendar/", include("comptoir.publishing.feed_urls")),
    path("w/<slug:workspace_slug>/notifications/", include("comptoir.notifications.urls")),
    path("w/<slug:workspace_slug>/settings/routing/", include("comptoir.routing.urls")),
    path("w/<slug:workspace_slug>/sandbox/", include("comptoir.networks.sandbox.urls")),
    path("w/<slug:workspace_slug>/media/", include("comptoir.media.urls")),
    path("w/<slug:workspace_slug>/labels/", include("comptoir.nlp.urls")),
    path("", include("comptoir.webhooks.urls")),
]
