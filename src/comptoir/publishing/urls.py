from django.urls import path

from comptoir.publishing import views

app_name = "publishing"

urlpatterns = [
    path("", views.index, name="index"),
    path("new/", views.compose, name="compose"),
    path("counters/", views.counters, name="counters"),
    path("<int:post_id>/", views.detail, name="detail"),
    path("<int:post_id>/edit/", views.edit, name="edit"),
    path("<int:post_id>/cancel/", views.cancel, name="cancel"),
]
