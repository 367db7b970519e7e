from django.urls import path

from comptoir.listening import views

app_name = "listening"

urlpatterns = [
    path("", views.index, name="index"),
]
