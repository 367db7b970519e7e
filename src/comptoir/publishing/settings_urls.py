from django.urls import path

from comptoir.publishing import settings_views

app_name = "publishing_settings"

urlpatterns = [
    path("", settings_views.index, name="index"),
    path("calendar-address/", settings_views.regenerate_feed, name="regenerate_feed"),
]
