from django.urls import path

from comptoir.media import views

app_name = "media"

urlpatterns = [
    path("", views.index, name="index"),
    path("attach/", views.attach, name="attach"),
    path("<int:mediaitem_id>/file/", views.original, name="file"),
    path("<int:mediaitem_id>/thumbnail/", views.thumbnail, name="thumbnail"),
    path("<int:mediaitem_id>/alt/", views.describe, name="describe"),
    path("<int:mediaitem_id>/delete/", views.delete, name="delete"),
]
