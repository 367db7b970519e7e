from django.urls import path

from comptoir.nlp import views

app_name = "nlp"

urlpatterns = [
    path("messages/<int:message_id>/", views.message_labels, name="message_labels"),
    path("mentions/<int:mention_id>/", views.mention_labels, name="mention_labels"),
]
