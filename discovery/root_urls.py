"""Addresses outside the editions: the sitemap index, its sitemaps and robots.txt."""

from django.urls import path

from . import views

urlpatterns = [
    path("robots.txt", views.robots_txt, name="discovery-robots"),
    path("sitemap.xml", views.sitemap_index, name="discovery-sitemap-index"),
    path("sitemap-<slug:section>.xml", views.sitemap_section, name="discovery-sitemap-section"),
]
