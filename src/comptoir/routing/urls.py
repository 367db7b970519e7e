from django.urls import path

from comptoir.routing import views

app_name = "routing"

urlpatterns = [
    path("", views.index, name="index"),
    path("target/", views.target, name="target"),
    path("rules/new/", views.rule_create, name="rule_create"),
    path("rules/<int:rule_id>/", views.rule_edit, name="rule_edit"),
    path("rules/<int:rule_id>/delete/", views.rule_delete, name="rule_delete"),
    path("rules/<int:rule_id>/move/", views.rule_move, name="rule_move"),
    path("response-times/", views.report, name="report"),
]
