from django.urls import path

from comptoir.networks.sandbox import views

app_name = "sandbox"

urlpatterns = [
    path("<int:account_id>/", views.feed, name="feed"),
    path("<int:account_id>/simulate/", views.simulate, name="simulate"),
]
