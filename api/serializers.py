"""How the API shows each resource. Querysets arrive prefetched from the views.

Names of sections and regions are given in the article's edition (or the
``edition`` asked for), falling back to the default name.
"""

from pathlib import PurePath

from django.urls import reverse
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers
from taggit.models import Tag

from articles.models import Article, Author, Source
from breaking.models import BreakingItem
from live.models import LivePost, LiveStory
from media.models import Photo
from taxonomy import menus
from taxonomy.models import Region, Section


def absolute(request, url):
    return request.build_absolute_uri(url) if request is not None else url


class EditionSerializer(serializers.Serializer):
    code = serializers.CharField()
    name = serializers.CharField(help_text=_("The edition's own name, in its language."))
    english_name = serializers.CharField()
    direction = serializers.ChoiceField(choices=["ltr", "rtl"])
    time_zone = serializers.CharField()


class LabelledSerializer(serializers.ModelSerializer):
    """A section or region, named in the edition from the serializer context (or the article's).

    The names come from the cached menus, which hold every section's and region's name in each edition.
    """

    name = serializers.SerializerMethodField()

    def get_name(self, obj) -> str:
        edition = self.context.get("edition")
        return self.name_in(obj, edition) if edition else obj.name

    def name_in(self, section, edition):
        return menus.section_label(section, edition)


class SectionRefSerializer(LabelledSerializer):
    parent = serializers.SlugRelatedField(slug_field="slug", read_only=True)

    class Meta:
        model = Section
        fields = ["id", "slug", "name", "parent"]


class SectionTreeSerializer(LabelledSerializer):
    children = serializers.SerializerMethodField()

    class Meta:
        model = Section
        fields = ["id", "slug", "name", "position", "children"]

    @extend_schema_field(SectionRefSerializer(many=True))
    def get_children(self, obj):
        return SectionRefSerializer(obj.children.all(), many=True, context=self.context).data


class RegionSerializer(LabelledSerializer):
    class Meta:
        model = Region
        fields = ["id", "slug", "name"]

    def name_in(self, region, edition):
        return menus.region_label(region.slug, edition)


@extend_schema_field({"anyOf": [{"type": "string", "format": "uri"}, {"type": "string", "maxLength": 0}]})
class OptionalURLField(serializers.URLField):
    """A web address that may be left empty.

    Declared with ``anyOf``: the ``oneOf`` drf-spectacular derives for blank URL
    fields rejects "" whenever a client does not check the ``uri`` format.
    """


class SourceSerializer(serializers.ModelSerializer):
    url = OptionalURLField(allow_blank=True)

    class Meta:
        model = Source
        fields = ["id", "name", "slug", "url"]


class TagSerializer(serializers.ModelSerializer):
    class Meta:
        model = Tag
        fields = ["id", "name", "slug"]


class PhotoRenditionSerializer(serializers.Serializer):
    name = serializers.CharField(help_text=_("“original”, or the size and format, e.g. “640w-webp”."))
    url = serializers.URLField()
    format = serializers.CharField(help_text=_("File format: webp, jpeg, or the original's (e.g. png)."))
    width = serializers.IntegerField(allow_null=True)
    height = serializers.IntegerField(allow_null=True)


@extend_schema_field(PhotoRenditionSerializer(many=True))
class PhotoRenditionsField(serializers.Field):
    """The sizes a picture is available in: the original, then the precomputed renditions.

    Renditions come from ``photo.rendition_list`` (made once on save, prefetched by
    the views), narrowest first, so clients pick the smallest that fits.
    ``renditions_of`` is the one place to change when new kinds appear.
    """

    def __init__(self, **kwargs):
        kwargs["source"] = "*"
        kwargs["read_only"] = True
        super().__init__(**kwargs)

    def renditions_of(self, photo):
        original_format = PurePath(photo.image.name).suffix.lstrip(".").lower()
        yield "original", photo.image.url, original_format, photo.width, photo.height
        for rendition in photo.rendition_list:
            name = f"{rendition.width}w-{rendition.format}"
            yield name, rendition.file.url, rendition.format, rendition.width, rendition.height

    def to_representation(self, photo):
        request = self.context.get("request")
        return [
            {"name": name, "url": absolute(request, url), "format": fmt, "width": width, "height": height}
            for name, url, fmt, width, height in self.renditions_of(photo)
        ]


class PhotoSerializer(serializers.ModelSerializer):
    url = serializers.SerializerMethodField(help_text=_("The original image."))
    renditions = PhotoRenditionsField()

    class Meta:
        model = Photo
        fields = ["id", "url", "width", "height", "caption", "credit", "alt_text", "renditions"]

    def get_url(self, photo) -> str:
        return absolute(self.context.get("request"), photo.image.url)


class GalleryItemSerializer(serializers.Serializer):
    caption = serializers.CharField(source="display_caption")
    photo = PhotoSerializer()


class AuthorSerializer(serializers.ModelSerializer):
    url = serializers.SerializerMethodField()

    class Meta:
        model = Author
        fields = ["id", "edition", "name", "slug", "bio", "is_organisation", "url"]

    def get_url(self, author) -> str:
        return absolute(self.context.get("request"), author.get_absolute_url())


class ArticleLinkSerializer(serializers.ModelSerializer):
    """A pointer to another article: a translation or a "read more" link."""

    url = serializers.SerializerMethodField()

    class Meta:
        model = Article
        fields = ["id", "edition", "headline", "url"]

    def get_url(self, article) -> str:
        return absolute(self.context.get("request"), article.get_absolute_url())


class ArticleListSerializer(serializers.ModelSerializer):
    """What a list or card needs."""

    url = serializers.SerializerMethodField(help_text=_("The article's page on the website."))
    section = serializers.SerializerMethodField()
    regions = serializers.SerializerMethodField()
    authors = serializers.SerializerMethodField()
    source = SourceSerializer(allow_null=True)
    hero_photo = PhotoSerializer(allow_null=True)

    class Meta:
        model = Article
        fields = [
            "id",
            "edition",
            "kind",
            "headline",
            "slug",
            "standfirst",
            "url",
            "section",
            "regions",
            "authors",
            "source",
            "hero_photo",
            "publish_at",
            "updated_at",
            "modified_at",
            "read_minutes",
        ]

    @cached_property
    def _nested_serializers(self):
        return {}

    def nested(self, serializer_class, edition=None, many=False):
        """One nested serializer per class and edition for the whole list.

        DRF works out a serializer's fields from the model each time one is
        made; making them per article was a third of a list's time.
        """
        key = (serializer_class, edition, many)
        if key not in self._nested_serializers:
            context = {**self.context, "edition": edition} if edition else self.context
            self._nested_serializers[key] = serializer_class(many=many, context=context)
        return self._nested_serializers[key]

    def get_url(self, article) -> str:
        return absolute(self.context.get("request"), article.get_absolute_url())

    @extend_schema_field(SectionRefSerializer)
    def get_section(self, article):
        return self.nested(SectionRefSerializer, article.edition).to_representation(article.section)

    @extend_schema_field(RegionSerializer(many=True))
    def get_regions(self, article):
        return self.nested(RegionSerializer, article.edition, many=True).to_representation(article.region_list)

    @extend_schema_field(AuthorSerializer(many=True))
    def get_authors(self, article):
        authors = [byline.author for byline in article.byline_list]
        return self.nested(AuthorSerializer, many=True).to_representation(authors)


class LivePostSerializer(serializers.ModelSerializer):
    author = serializers.CharField(source="author.name", allow_null=True, default=None)
    body = serializers.CharField(help_text=_("HTML, cleaned to an allow-list when the post was saved."))
    url = serializers.SerializerMethodField(help_text=_("The post's permalink on the site."))

    class Meta:
        model = LivePost
        fields = ["id", "posted_at", "edited_at", "author", "title", "body", "key_event", "pinned", "url"]

    def get_url(self, post) -> str:
        return absolute(self.context.get("request"), post.get_absolute_url())


class LiveCoverageSerializer(serializers.ModelSerializer):
    is_open = serializers.BooleanField()
    posts = LivePostSerializer(many=True, source="newest_posts", help_text=_("The newest posts, newest first."))
    posts_url = serializers.SerializerMethodField(help_text=_("Every post, newest first, a page at a time."))

    class Meta:
        model = LiveStory
        fields = ["is_open", "started_at", "closed_at", "order", "posts", "posts_url"]

    def get_posts_url(self, story) -> str:
        return absolute(self.context.get("request"), reverse("api:article-live-posts", args=[story.pk]))


class ArticleDetailSerializer(ArticleListSerializer):
    """The whole story: body HTML (sanitised when saved), pictures, tags and links."""

    body = serializers.CharField(help_text=_("HTML, cleaned to an allow-list when the article was saved."))
    summary_points = serializers.ListField(child=serializers.CharField(), source="summary_list")
    tags = TagSerializer(many=True, read_only=True)
    gallery = GalleryItemSerializer(many=True, source="gallery_items.all")
    translations = serializers.SerializerMethodField()
    related = serializers.SerializerMethodField()
    live = serializers.SerializerMethodField(help_text=_("Live coverage and its newest posts; null for other stories."))

    class Meta(ArticleListSerializer.Meta):
        fields = [
            *ArticleListSerializer.Meta.fields,
            "body",
            "summary_points",
            "tags",
            "gallery",
            "translations",
            "related",
            "live",
        ]

    @extend_schema_field(ArticleLinkSerializer(many=True))
    def get_translations(self, article):
        return self.nested(ArticleLinkSerializer, many=True).to_representation(article.public_translations)

    @extend_schema_field(ArticleLinkSerializer(many=True))
    def get_related(self, article):
        return self.nested(ArticleLinkSerializer, many=True).to_representation(article.public_related)

    @extend_schema_field(LiveCoverageSerializer(allow_null=True))
    def get_live(self, article):
        story = article.public_live
        return LiveCoverageSerializer(story, context=self.context).data if story else None


class BreakingItemSerializer(serializers.ModelSerializer):
    article = serializers.SerializerMethodField()

    class Meta:
        model = BreakingItem
        fields = ["id", "edition", "text", "priority", "posted_at", "expires_at", "article"]

    @extend_schema_field(ArticleLinkSerializer(allow_null=True))
    def get_article(self, item):
        article = item.article
        if article is None or not article.is_public:
            return None
        return ArticleLinkSerializer(article, context=self.context).data
