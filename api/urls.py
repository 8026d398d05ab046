"""/api/: the versioned read API, the OpenAPI schema and its docs page."""

from csp.decorators import csp_update
from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView
from rest_framework.routers import DefaultRouter

from wire.views import IngestView

from . import views

app_name = "api"

router = DefaultRouter()
router.register("editions", views.EditionViewSet, basename="edition")
router.register("sections", views.SectionViewSet, basename="section")
router.register("regions", views.RegionViewSet, basename="region")
router.register("authors", views.AuthorViewSet, basename="author")
router.register("tags", views.TagViewSet, basename="tag")
router.register("articles", views.ArticleViewSet, basename="article")
router.register("breaking", views.BreakingViewSet, basename="breaking")

urlpatterns = [
    path("v1/ingest/", IngestView.as_view(), name="ingest"),
    path("v1/", include(router.urls)),
    path("schema/", SpectacularAPIView.as_view(), name="schema"),
    # The split view loads its start-up script as a file, so the CSP needs no inline scripts;
    # Swagger UI's own inline styles are allowed on this page only.
    path(
        "docs/",
        csp_update({"style-src": ["'unsafe-inline'"]})(SpectacularSwaggerSplitView.as_view(url_name="api:schema")),
        name="docs",
    ),
]
