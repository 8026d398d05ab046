"""Addresses outside the editions: the share links."""

from django.urls import path

from . import views

app_name = "sharing"

urlpatterns = [
    path("share/<slug:network>/<int:article_id>/", views.share, name="share"),
]
