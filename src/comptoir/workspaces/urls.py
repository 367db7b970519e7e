from django.urls import path

from comptoir.workspaces import invitation_views, team_views, views

app_name = "workspaces"

urlpatterns = [
    path("workspaces/new/", views.create, name="create"),
    path("invitations/<str:token>/", invitation_views.invitation, name="invitation"),
    path("w/<slug:workspace_slug>/", views.dashboard, name="dashboard"),
    path("w/<slug:workspace_slug>/settings/", views.settings_page, name="settings"),
    path("w/<slug:workspace_slug>/settings/hours/", views.hours_update, name="hours"),
    path(
        "w/<slug:workspace_slug>/settings/objectives/new/",
        views.objective_create,
        name="objective_create",
    ),
    path(
        "w/<slug:workspace_slug>/settings/objectives/<int:objective_id>/",
        views.objective_edit,
        name="objective_edit",
    ),
    path(
        "w/<slug:workspace_slug>/settings/objectives/<int:objective_id>/delete/",
        views.objective_delete,
        name="objective_delete",
    ),
    path("w/<slug:workspace_slug>/settings/team/", team_views.team, name="team"),
    path("w/<slug:workspace_slug>/settings/team/invite/", team_views.invite, name="invite"),
    path("w/<slug:workspace_slug>/settings/team/leave/", team_views.leave, name="leave"),
    path(
        "w/<slug:workspace_slug>/settings/team/<int:membership_id>/",
        team_views.member_edit,
        name="member_edit",
    ),
    path(
        "w/<slug:workspace_slug>/settings/team/<int:membership_id>/remove/",
        team_views.member_remove,
        name="member_remove",
    ),
    path(
        "w/<slug:workspace_slug>/settings/team/invitations/<int:invitation_id>/resend/",
        team_views.invitation_resend,
        name="invitation_resend",
    ),
    path(
        "w/<slug:workspace_slug>/settings/team/invitations/<int:invitation_id>/revoke/",
        team_views.invitation_revoke,
        name="invitation_revoke",
    ),
]
