from django.urls import path

from comptoir.insights import views

app_name = "insights"

urlpatterns = [
    path("", views.index, name="index"),
]
