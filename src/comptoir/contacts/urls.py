from django.urls import path

from comptoir.contacts import gdpr_views, merge_views, views

app_name = "contacts"

urlpatterns = [
    path("", views.index, name="index"),
    path("duplicates/", merge_views.suggestions, name="suggestions"),
    path("erasures/", gdpr_views.erasures, name="erasures"),
    path("<int:person_id>/", views.person, name="person"),
    path("<int:person_id>/edit/", views.edit, name="edit"),
    path("<int:person_id>/consent/", views.consent, name="consent"),
    path("<int:person_id>/notes/", views.add_note, name="note"),
    path("<int:person_id>/merge/", merge_views.merge_into, name="merge"),
    path(
        "<int:person_id>/identities/<int:identity_id>/split/",
        merge_views.split_identity,
        name="split",
    ),
    path("<int:person_id>/export/", gdpr_views.export, name="export"),
    path("<int:person_id>/erase/", gdpr_views.erase, name="erase"),
]
