from django.urls import path, re_path

from . import views

app_name = "articles"

# Date archives: /<subject>/2025/11/ and /<subject>/2025/11/07/ (articles.archives).
MONTH = r"(?P<year>[0-9]{4})/(?P<month>[0-9]{2})/"
DAY = MONTH + r"(?P<day>[0-9]{2})/"


def archive(prefix, view, kind):
    return [
        re_path(rf"^{prefix}{MONTH}$", view, name=f"{kind}-month"),
        re_path(rf"^{prefix}{DAY}$", view, name=f"{kind}-day"),
    ]


urlpatterns = [
    path("", views.home, name="home"),
    path("authors/", views.authors_index, name="authors"),
    path("region/<slug:slug>/", views.region_list, name="region"),
    *archive(r"region/(?P<slug>[-a-zA-Z0-9_]+)/", views.region_list, "region"),
    path("tag/<str:slug>/", views.tag_list, name="tag"),
    *archive(r"tag/(?P<slug>[^/]+)/", views.tag_list, "tag"),
    path("author/<str:slug>/", views.author_list, name="author"),
    path("<slug:slug>/", views.section_list, name="section"),
    *archive(r"(?P<slug>[-a-zA-Z0-9_]+)/", views.section_list, "section"),
    path("<slug:section>/<str:slug>/", views.article_detail, name="article"),
]
