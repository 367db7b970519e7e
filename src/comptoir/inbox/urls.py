from django.urls import path

from comptoir.inbox import views

app_name = "inbox"

urlpatterns = [
    path("", views.index, name="index"),
]
