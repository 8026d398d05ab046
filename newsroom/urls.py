import os

from django.conf import settings
from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.urls import include, path
from django.views.static import serve

admin.site.site_header = settings.NEWSROOM_SITE_NAME
admin.site.site_title = settings.NEWSROOM_SITE_NAME

urlpatterns = [
    path(settings.ADMIN_PATH, admin.site.urls),
    path("tinymce/", include("tinymce.urls")),
    path("", include("discovery.root_urls")),
    path("", include("localisation.urls")),
    path("", include("sharing.urls")),
    path("", include("desk.urls")),
    path("api/", include("api.urls")),
    path("", include("monitoring.urls")),
    # Uploaded media; in production a front server (or object storage) usually serves these.
    path(
        f"{settings.MEDIA_URL.strip('/')}/<path:path>",
        serve,
        {"document_root": settings.MEDIA_ROOT},
    ),
]

urlpatterns += i18n_patterns(
    path("", include("breaking.urls")),
    path("", include("push.urls")),
    path("", include("briefings.urls")),
    # Before articles: its "<section>/" pattern would otherwise catch search/ and feeds/.
    path("", include("discovery.urls")),
    path("live/", include("live.urls")),
    path("", include("pages.urls")),  # before articles: a fixed page's address has a section's shape
    path("", include("articles.urls")),
    prefix_default_language=True,
)

if os.environ.get("NEWSROOM_BENCH_BODY"):
    # The benchmark's ceiling (bench/run): fixed bytes through the same middleware.
    from bench.views import bare

    urlpatterns.insert(0, path("bench/bare/", bare))

# JSON under /api/, the site's pages elsewhere.
handler400 = "api.errors.bad_request"
handler403 = "api.errors.permission_denied"
handler404 = "api.errors.page_not_found"
handler500 = "api.errors.server_error"
