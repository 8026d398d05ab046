"""The read-only content API (v1): thin DRF views over ``Article.objects.public()``.

Every read answer carries an ETag (a hash of the body) and, where it means
something, Last-Modified; clients that send them back get a 304. Unpublished
content is never served: every article query starts from ``public()``.
"""

import hashlib

from django.db.models import Exists, OuterRef, Prefetch
from django.utils.cache import get_conditional_response, patch_cache_control, patch_vary_headers
from django.utils.http import http_date
from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from rest_framework import mixins, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import ValidationError
from rest_framework.generics import get_object_or_404
from rest_framework.renderers import JSONRenderer
from rest_framework.response import Response
from taggit.models import Tag

from articles.models import Article, Author, GalleryItem, prefetch_regions
from articles.paginators import in_order
from breaking.models import BreakingItem
from editions import all_editions, edition_codes
from live.models import LiveStory
from media.models import prefetch_renditions
from readership import popularity
from taxonomy.models import Region, Section
from wire.export import NINJS_VERSIONS, article_to_ninjs

from . import serializers
from .filters import ArticleFilter, AuthorFilter, EditionFilterSet
from .pagination import NameCursorPagination, NewestPostsCursorPagination


class NinjsRenderer(JSONRenderer):
    """``?format=ninjs`` or ``/articles/<id>.ninjs``: the article as IPTC ninjs."""

    format = "ninjs"
    media_type = "application/json"


class ConditionalGetMixin:
    """ETag, Last-Modified and Cache-Control on every successful read; 304 when the client is current."""

    cache_max_age = 60
    last_modified = None

    def finalize_response(self, request, response, *args, **kwargs):
        response = super().finalize_response(request, response, *args, **kwargs)
        if request.method not in ("GET", "HEAD") or response.status_code != 200:
            return response
        response.render()
        etag = f'"{hashlib.sha256(response.content).hexdigest()[:32]}"'
        response["ETag"] = etag
        timestamp = int(self.last_modified.timestamp()) if self.last_modified else None
        if timestamp is not None:
            response["Last-Modified"] = http_date(timestamp)
        patch_cache_control(response, public=True, max_age=self.cache_max_age)
        patch_vary_headers(response, ["Accept"])
        return get_conditional_response(request, etag=etag, last_modified=timestamp, response=response)


def requested_edition(request):
    """The ``edition`` query parameter, checked; None when absent."""
    code = request.query_params.get("edition")
    if code is not None and code not in edition_codes():
        raise ValidationError({"edition": [_("Choose one of: %(codes)s.") % {"codes": ", ".join(edition_codes())}]})
    return code


# A live story's newest posts in its detail; the rest through its ``live-posts`` pages.
LIVE_POSTS_SHOWN = 20
EDITION_PARAMETER = OpenApiParameter(
    "edition", str, enum=edition_codes(), description="Give names in this edition's language."
)


def newest_live_posts(story):
    return story.visible_posts().select_related("author").order_by("-posted_at", "-pk")


def public_articles():
    return Article.objects.public()


def with_detail_extras(article):
    """Fill what ``ArticleDetailSerializer`` shows beside the article's own fields (also for webhooks).

    Its public translations and related stories, and its live coverage with the newest posts.
    """
    article.public_translations = list(
        public_articles()
        .filter(translation_group=article.translation_group)
        .exclude(pk=article.pk)
        .select_related("section")
        .order_by("edition")
    )
    article.public_related = list(article.related.public().select_related("section").latest())
    article.public_live = LiveStory.objects.filter(pk=article.pk).first()
    if article.public_live:
        article.public_live.newest_posts = newest_live_posts(article.public_live)[:LIVE_POSTS_SHOWN]
    return article


def article_cards():
    """Public articles with everything a card shows, in a fixed number of queries."""
    return (
        public_articles()
        .for_cards()
        .select_related("source", "section__parent")
        .prefetch_related(
            prefetch_regions(),
            prefetch_renditions("hero_photo"),
        )
        .with_bylines()
    )


class EditionViewSet(ConditionalGetMixin, viewsets.ViewSet):
    """The language editions the newsroom publishes."""

    pagination_class = None

    @extend_schema(responses=serializers.EditionSerializer(many=True))
    def list(self, request):
        editions = [
            {
                "code": e.code,
                "name": e.name,
                "english_name": e.english_name,
                "direction": e.direction,
                "time_zone": e.time_zone,
            }
            for e in all_editions()
        ]
        return Response(serializers.EditionSerializer(editions, many=True).data)


class LabelledViewSet(ConditionalGetMixin, mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    pagination_class = None
    filter_backends = []
    cache_max_age = 300

    def get_serializer_context(self):
        return {**super().get_serializer_context(), "edition": requested_edition(self.request)}


@extend_schema_view(
    list=extend_schema(parameters=[EDITION_PARAMETER]), retrieve=extend_schema(parameters=[EDITION_PARAMETER])
)
class SectionViewSet(LabelledViewSet):
    """The menu: top-level sections, each with its subsections."""

    serializer_class = serializers.SectionTreeSerializer

    def get_queryset(self):
        children = Section.objects.select_related("parent")
        queryset = Section.objects.prefetch_related(Prefetch("children", queryset=children))
        return queryset.filter(parent=None) if self.action == "list" else queryset


@extend_schema_view(
    list=extend_schema(parameters=[EDITION_PARAMETER]), retrieve=extend_schema(parameters=[EDITION_PARAMETER])
)
class RegionViewSet(LabelledViewSet):
    serializer_class = serializers.RegionSerializer
    queryset = Region.objects.all()


class AuthorViewSet(ConditionalGetMixin, viewsets.ReadOnlyModelViewSet):
    """Bylines that appear on at least one public article."""

    serializer_class = serializers.AuthorSerializer
    filterset_class = AuthorFilter
    pagination_class = NameCursorPagination

    def get_queryset(self):
        with_public = public_articles().filter(bylines__author=OuterRef("pk"))
        return Author.objects.filter(Exists(with_public))


class TagViewSet(ConditionalGetMixin, viewsets.ReadOnlyModelViewSet):
    """Tags used on at least one public article."""

    serializer_class = serializers.TagSerializer
    pagination_class = NameCursorPagination
    filter_backends = []

    def get_queryset(self):
        return Tag.objects.filter(pk__in=public_articles().values("tags"))


class BreakingViewSet(ConditionalGetMixin, mixins.ListModelMixin, viewsets.GenericViewSet):
    """Live breaking-news items, urgent and newest first."""

    serializer_class = serializers.BreakingItemSerializer
    filterset_class = EditionFilterSet
    pagination_class = None
    cache_max_age = 15

    def get_queryset(self):
        return BreakingItem.objects.live().select_related("article__section")


@extend_schema_view(
    retrieve=extend_schema(
        parameters=[
            OpenApiParameter("format", str, enum=["json", "ninjs"], description="ninjs: the article as IPTC ninjs."),
            OpenApiParameter("version", str, enum=sorted(NINJS_VERSIONS), description="ninjs generation (default 3)."),
        ]
    )
)
class ArticleViewSet(ConditionalGetMixin, viewsets.ReadOnlyModelViewSet):
    """Published articles, newest first, with cursor pagination for infinite scroll."""

    filterset_class = ArticleFilter

    def get_queryset(self):
        if self.action == "retrieve":
            return article_cards().prefetch_related("tags", Prefetch("gallery_items", queryset=self._gallery_items()))
        return article_cards()

    def _gallery_items(self):
        return (
            GalleryItem.objects.select_related("photo")
            .prefetch_related(prefetch_renditions("photo"))
            .order_by("position", "pk")
        )

    def get_serializer_class(self):
        if self.action == "retrieve":
            return serializers.ArticleDetailSerializer
        return serializers.ArticleListSerializer

    def get_renderers(self):
        renderers = super().get_renderers()
        if getattr(self, "action", None) == "retrieve" or self.request.path.endswith(".ninjs"):
            renderers.append(NinjsRenderer())
        return renderers

    def list(self, request, *args, **kwargs):
        response = super().list(request, *args, **kwargs)
        page = getattr(self.paginator, "page", None) or []
        self.last_modified = max((article.modified_at for article in page), default=None)
        return response

    def retrieve(self, request, *args, **kwargs):
        article = self.get_object()
        self.last_modified = article.modified_at
        if request.query_params.get("format") == "":
            raise ValidationError({"format": [_("Choose one of: json, ninjs.")]})
        version = request.query_params.get("version", "3")
        if version not in NINJS_VERSIONS:
            raise ValidationError({"version": [_("Choose one of: %(v)s.") % {"v": ", ".join(NINJS_VERSIONS)}]})
        if request.accepted_renderer.format == "ninjs":
            return Response(article_to_ninjs(article, version=version, request=request))
        with_detail_extras(article)
        popularity.record_view(article, request=request)
        return Response(self.get_serializer(article).data)

    @extend_schema(filters=False, responses=serializers.LivePostSerializer(many=True))
    @action(
        detail=True,
        url_path="live-posts",
        filterset_class=None,
        pagination_class=NewestPostsCursorPagination,
        serializer_class=serializers.LivePostSerializer,
    )
    def live_posts(self, request, pk=None):
        """A live story's posts, newest first, a page at a time (404 for stories not covered live).

        DRF's ``get_object_or_404``: an id that is not a number is a 404 too, not an error. The id is
        looked up through the article: Django answers an out-of-range integer there with no rows,
        where the live story's own key (a one-to-one) would hand it to the database and fail.
        """
        story = get_object_or_404(LiveStory.objects.public(), article__pk=pk)
        page = self.paginate_queryset(newest_live_posts(story))
        return self.get_paginated_response(
            serializers.LivePostSerializer(page, many=True, context={"request": request}).data
        )

    @extend_schema(
        filters=False,
        parameters=[OpenApiParameter("edition", str, enum=edition_codes(), required=True)],
        responses=serializers.ArticleListSerializer(many=True),
    )
    @action(detail=False, url_path="most-read", pagination_class=None, filterset_class=None)
    def most_read(self, request):
        """The edition's most read public articles (the site's "Most Read" box), most read first."""
        edition = requested_edition(request)
        if edition is None:
            raise ValidationError({"edition": [_("This parameter is required.")]})
        ranked = in_order(article_cards().in_edition(edition), popularity.most_read_ids(edition))
        ranked = ranked[: popularity.TOP_SIZE * 2]
        return Response(self.get_serializer(ranked, many=True).data)
