from django.urls import path

from comptoir.workspaces import views

app_name = "workspaces"

urlpatterns = [
    path("workspaces/new/", views.create, name="create"),
    path("w/<slug:workspace_slug>/", views.dashboard, name="dashboard"),
    path("w/<slug:workspace_slug>/settings/", views.settings_page, name="settings"),
]

urlpatterns += [
    path("w/<slug:workspace_slug>/settings/team/", views.team, name="team"),
]
