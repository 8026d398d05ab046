"""Under each edition: /briefing/ to sign up, then the confirm and unsubscribe links from the emails."""

from django.urls import path

from . import views

app_name = "briefings"

urlpatterns = [
    path("briefing/", views.subscribe, name="subscribe"),
    path("briefing/confirm/<str:token>/", views.confirm, name="confirm"),
    path("briefing/unsubscribe/<str:token>/", views.unsubscribe, name="unsubscribe"),
]
