from django.urls import path

from comptoir.networks import views

app_name = "networks"

urlpatterns = [
    path("", views.index, name="index"),
    path("connect/<slug:network>/", views.connect, name="connect"),
    path("callback/<slug:network>/", views.callback, name="callback"),
    path("<int:account_id>/disconnect/", views.disconnect, name="disconnect"),
]
