"""Addresses outside the editions: the edition switch and the admin's language choice."""

from django.urls import path

from . import views

app_name = "localisation"

urlpatterns = [
    path("switch/<str:code>/", views.switch_edition, name="switch"),
    path("admin-language/", views.admin_language, name="admin-language"),
]
