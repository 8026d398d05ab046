"""Addresses outside the editions: the sitemap index, its sitemaps and robots.txt (see ``sitemaps``)."""

from django.urls import path, re_path

from . import views

urlpatterns = [
    path("robots.txt", views.robots_txt, name="discovery-robots"),
    path("sitemap.xml", views.sitemap_index, name="discovery-sitemap-index"),
    re_path(
        r"^sitemap-articles-(?P<edition>[-a-z]+)-(?P<year>[0-9]{4})-(?P<month>[0-9]{2})\.xml$",
        views.article_sitemap,
        name="discovery-sitemap-articles",
    ),
    path("sitemap-news-<slug:edition>.xml", views.news_sitemap, name="discovery-sitemap-news"),
    re_path(r"^sitemap-(?P<listing>sections|regions)\.xml$", views.listing_sitemap, name="discovery-sitemap-listing"),
    path("sitemap-tags-<slug:edition>.xml", views.tag_sitemap, name="discovery-sitemap-tags"),
    path("sitemap-authors.xml", views.author_sitemap, name="discovery-sitemap-authors"),
]
