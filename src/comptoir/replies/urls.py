from django.urls import path

from comptoir.replies import views

app_name = "replies"

urlpatterns = [
    path("<int:conversation_id>/", views.reply, name="reply"),
    path("<int:conversation_id>/counter/", views.counter, name="counter"),
    path("sent/<int:reply_id>/approve/", views.approve, name="approve"),
    path("sent/<int:reply_id>/send-back/", views.send_back, name="send_back"),
    path("sent/<int:reply_id>/retry/", views.retry, name="retry"),
    path("sent/<int:reply_id>/delete/", views.discard, name="discard"),
]
