from django.urls import path

from comptoir.listening import topic_views, views

app_name = "listening"

urlpatterns = [
    path("", views.index, name="index"),
    path("topics/", topic_views.topics, name="topics"),
    path("topics/search/", topic_views.search_now, name="search_now"),
    path("topics/<int:topic_id>/", topic_views.edit, name="topic_edit"),
    path("topics/<int:topic_id>/pause/", topic_views.pause, name="topic_pause"),
    path("topics/<int:topic_id>/delete/", topic_views.delete, name="topic_delete"),
]
