from django.urls import path

from comptoir.coach import views

app_name = "coach"

urlpatterns = [
    path("", views.index, name="index"),
]
