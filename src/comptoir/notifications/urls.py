from django.urls import path

from comptoir.notifications import views

app_name = "notifications"

urlpatterns = [
    path("", views.index, name="index"),
    path("<int:notification_id>/", views.open_notification, name="open"),
    path("read/", views.mark_all_read, name="mark_all_read"),
]
