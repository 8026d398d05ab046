"""Addresses of live coverage inside an edition (``/<edition>/live/…``); a story's page is its article's."""

from django.urls import path

from . import views
from .feeds import LivePostsFeed

app_name = "live"

urlpatterns = [
    path("", views.live_index, name="index"),
    path("<int:story_id>/updates.json", views.updates, name="updates"),
    path("<int:story_id>/feed/", LivePostsFeed(), name="feed"),
    path("<int:story_id>/posts/<int:post_id>/", views.post_permalink, name="post"),
]
