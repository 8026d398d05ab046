from django.urls import path

from . import views

app_name = "articles"

urlpatterns = [
    path("", views.home, name="home"),
    path("authors/", views.authors_index, name="authors"),
    path("about/", views.static_page, {"template": "about"}, name="about"),
    path("privacy/", views.static_page, {"template": "privacy"}, name="privacy"),
    path("contact/", views.static_page, {"template": "contact"}, name="contact"),
    path("region/<slug:slug>/", views.region_list, name="region"),
    path("tag/<str:slug>/", views.tag_list, name="tag"),
    path("author/<str:slug>/", views.author_list, name="author"),
    path("<slug:slug>/", views.section_list, name="section"),
    path("<slug:section>/<str:slug>/", views.article_detail, name="article"),
]
