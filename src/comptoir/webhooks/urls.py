from django.urls import path

from comptoir.webhooks import views

app_name = "webhooks"

urlpatterns = [
    path("hooks/<str:token>/", views.receive, name="receive"),
    path(
        "w/<slug:workspace_slug>/settings/accounts/<int:account_id>/webhook/",
        views.switch,
        name="switch",
    ),
]
