from django.urls import path

from comptoir.bulk import feed_views, views

app_name = "bulk"

urlpatterns = [
    path("", views.index, name="index"),
    path("import/", views.import_preview, name="import_preview"),
    path("import/confirm/", views.import_confirm, name="import_confirm"),
    path("import/cancel/", views.import_cancel, name="import_cancel"),
    path("export/", views.export, name="export"),
    path("links/", views.links, name="links"),
    path("feeds/new/", feed_views.create, name="feed_create"),
    path("feeds/<int:feedrule_id>/", feed_views.edit, name="feed_edit"),
    path("feeds/<int:feedrule_id>/toggle/", feed_views.toggle, name="feed_toggle"),
    path("feeds/<int:feedrule_id>/delete/", feed_views.delete, name="feed_delete"),
    path("feeds/<int:feedrule_id>/check/", feed_views.check, name="feed_check"),
]
