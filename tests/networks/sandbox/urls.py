"""The site's addresses plus the sandbox page, as they are once the sandbox is mounted."""

from django.urls import include, path

from comptoir.urls import urlpatterns as site

urlpatterns = [
    *site,
    path("w/<slug:workspace_slug>/sandbox/", include("comptoir.networks.sandbox.urls")),
]
