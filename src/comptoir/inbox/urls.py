from django.urls import path

from comptoir.inbox import views

app_name = "inbox"

urlpatterns = [
    path("", views.index, name="index"),
    path("<int:conversation_id>/", views.conversation, name="conversation"),
    path("<int:conversation_id>/status/", views.change_status, name="status"),
    path("<int:conversation_id>/snooze/", views.snooze, name="snooze"),
    path("<int:conversation_id>/assign/", views.assign, name="assign"),
    path("<int:conversation_id>/labels/", views.labels, name="labels"),
    path("<int:conversation_id>/notes/", views.add_note, name="note"),
]
