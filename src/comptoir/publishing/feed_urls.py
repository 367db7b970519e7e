from django.urls import path

from comptoir.publishing import feed_views

app_name = "calendar_feed"

urlpatterns = [
    path("<str:token>.ics", feed_views.ical, name="ical"),
]
