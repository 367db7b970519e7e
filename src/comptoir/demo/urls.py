from django.urls import path

from comptoir.demo import views

app_name = "demo"

urlpatterns = [
    path("w/<slug:workspace_slug>/demo/reset/", views.reset, name="reset"),
]
