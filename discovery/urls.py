"""Edition-prefixed pages of discovery: search and feeds (``/<edition>/search/``, ``/<edition>/feeds/…``)."""

from django.urls import path

from . import views
from .feeds import SCOPES, ArticleFeed, AtomArticleFeed

app_name = "discovery"

rss, atom = ArticleFeed(), AtomArticleFeed()

urlpatterns = [
    path("search/", views.search_page, name="search"),
    path("feeds/rss.xml", rss, name="feed-rss"),
    path("feeds/atom.xml", atom, name="feed-atom"),
]
for scope in SCOPES:
    urlpatterns += [
        path(f"feeds/{scope}/<str:slug>/rss.xml", rss, {"scope": scope}, name=f"{scope}-feed-rss"),
        path(f"feeds/{scope}/<str:slug>/atom.xml", atom, {"scope": scope}, name=f"{scope}-feed-atom"),
    ]
