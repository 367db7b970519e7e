from django.urls import path

from comptoir.replies import settings_views

app_name = "reply_settings"

urlpatterns = [
    path("", settings_views.settings_page, name="index"),
    path("approvals/", settings_views.approvals, name="approvals"),
    path("saved/new/", settings_views.saved_create, name="saved_create"),
    path("saved/<int:savedreply_id>/", settings_views.saved_edit, name="saved_edit"),
    path("saved/<int:savedreply_id>/delete/", settings_views.saved_delete, name="saved_delete"),
]
