from django.urls import path

from comptoir.publishing import (
    approval_views,
    autosave_views,
    calendar_views,
    queue_views,
    views,
)

app_name = "publishing"

urlpatterns = [
    path("", views.index, name="index"),
    path("new/", views.compose, name="compose"),
    path("counters/", views.counters, name="counters"),
    path("<int:post_id>/", views.detail, name="detail"),
    path("<int:post_id>/edit/", views.edit, name="edit"),
    path("autosave/", autosave_views.autosave_new, name="autosave"),
    path("<int:post_id>/autosave/", autosave_views.autosave_draft, name="autosave_draft"),
    path("<int:post_id>/cancel/", views.cancel, name="cancel"),
    path("calendar/", calendar_views.month, name="calendar"),
    path("calendar/week/", calendar_views.week, name="calendar_week"),
    path("<int:post_id>/move/", calendar_views.move, name="move"),
    path("queue/", queue_views.index, name="queue"),
    path("queue/<int:queueslot_id>/delete/", queue_views.delete_slot, name="delete_slot"),
    path("approvals/", approval_views.index, name="approvals"),
    path("<int:post_id>/approve/", approval_views.approve, name="approve"),
    path("<int:post_id>/send-back/", approval_views.send_back, name="send_back"),
]
