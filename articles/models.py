"""The newsroom's content: sections, regions, authors, sources, photos and articles.

Visibility rules live in ``ArticleQuerySet``: every page, feed, sitemap, search
and API asks ``Article.objects.public()`` the same question.
"""

import math
import uuid

import reversion
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import models
from django.db.models import Exists, F, OuterRef, Subquery
from django.db.models.functions import Coalesce
from django.urls import reverse
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.html import strip_tags
from django.utils.translation import gettext_lazy as _
from django.utils.translation import override
from taggit.managers import TaggableManager
from taggit.models import TaggedItemBase

from editions.fields import EditionField

from . import extensions
from .events import SEEN_BY_READERS, ArticleState, article_changed
from .images import inspect_image, prepare_image, read_upload
from .sanitize import sanitize_html

WORDS_PER_MINUTE = 200

# Section slugs share the edition's URL space with these fixed pages.
RESERVED_SLUGS = {
    "about",
    "admin",
    "api",
    "author",
    "authors",
    "breaking.json",
    "contact",
    "feeds",
    "live",
    "media",
    "preview",
    "privacy",
    "region",
    "search",
    "static",
    "tag",
}


def validate_not_reserved(value):
    if value in RESERVED_SLUGS:
        raise ValidationError(
            _("“%(slug)s” is used by a fixed page; choose another slug."),
            params={"slug": value},
        )


# --- Taxonomy: sections and regions, each with a name per edition ----------------


class LabelledQuerySet(models.QuerySet):
    def labelled(self, edition):
        """Annotate ``label``: the name in ``edition``, else the default name."""
        labels = self.model.labels.rel.related_model.objects.filter(owner=OuterRef("pk"), edition=edition).values(
            "name"
        )[:1]
        return self.annotate(label=Coalesce(Subquery(labels), F("name")))


class Labelled(models.Model):
    """A taxonomy term whose editors set a display name per edition."""

    name = models.CharField(
        _("name"),
        max_length=80,
        help_text=_("Default name, used when an edition has none."),
    )
    slug = models.SlugField(_("slug"), max_length=80, unique=True, validators=[validate_not_reserved])
    position = models.PositiveSmallIntegerField(_("position"), default=0, help_text=_("Menu order, lowest first."))

    objects = LabelledQuerySet.as_manager()

    class Meta:
        abstract = True
        ordering = ["position", "name"]

    def __str__(self):
        return self.name


class Label(models.Model):
    edition = EditionField()
    name = models.CharField(_("name"), max_length=80)

    class Meta:
        abstract = True

    def __str__(self):
        return f"{self.name} ({self.edition})"


class Section(Labelled):
    """A menu entry: a top-level section (News) or a subsection (Politics)."""

    parent = models.ForeignKey(
        "self",
        verbose_name=_("parent section"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
        help_text=_("Leave empty for a top-level menu entry. Only two levels are allowed."),
    )

    class Meta(Labelled.Meta):
        verbose_name = _("section")
        verbose_name_plural = _("sections")

    def get_absolute_url(self):
        return reverse("articles:section", kwargs={"slug": self.slug})

    def clean(self):
        if self.parent_id and self.parent.parent_id:
            raise ValidationError({"parent": _("Sections nest two levels deep at most.")})
        if self.parent_id and self.parent_id == self.pk:
            raise ValidationError({"parent": _("A section cannot be its own parent.")})


class SectionLabel(Label):
    owner = models.ForeignKey(Section, on_delete=models.CASCADE, related_name="labels")

    class Meta:
        verbose_name = _("name in an edition")
        verbose_name_plural = _("names in editions")
        constraints = [models.UniqueConstraint(fields=["owner", "edition"], name="unique_section_label")]


class Region(Labelled):
    """A part of the world an article is about; an article can have several."""

    class Meta(Labelled.Meta):
        verbose_name = _("region")
        verbose_name_plural = _("regions")

    def get_absolute_url(self):
        return reverse("articles:region", kwargs={"slug": self.slug})


class RegionLabel(Label):
    owner = models.ForeignKey(Region, on_delete=models.CASCADE, related_name="labels")

    class Meta:
        verbose_name = _("name in an edition")
        verbose_name_plural = _("names in editions")
        constraints = [models.UniqueConstraint(fields=["owner", "edition"], name="unique_region_label")]


# --- People and sources -----------------------------------------------------------


class Source(models.Model):
    """Where a story came from: an agency ("AP", "Reuters") or "Agencies"."""

    name = models.CharField(_("name"), max_length=100, unique=True)
    slug = models.SlugField(_("slug"), max_length=100, unique=True, allow_unicode=True)
    url = models.URLField(_("website"), blank=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("source")
        verbose_name_plural = _("sources")

    def __str__(self):
        return self.name


class Author(models.Model):
    """A byline. Authors belong to one edition; the newsroom itself can be one."""

    edition = EditionField()
    name = models.CharField(_("name"), max_length=120)
    slug = models.SlugField(_("slug"), max_length=120, allow_unicode=True)
    bio = models.TextField(_("biography"), blank=True)
    photo = models.ForeignKey(
        "Photo",
        verbose_name=_("photo"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    is_organisation = models.BooleanField(
        _("is the newsroom"),
        default=False,
        help_text=_("Tick for a desk byline such as “By The Meridian English”."),
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("staff account"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="author_profiles",
        help_text=_("The reporter's login, if they have one."),
    )

    class Meta:
        ordering = ["name"]
        verbose_name = _("author")
        verbose_name_plural = _("authors")
        constraints = [models.UniqueConstraint(fields=["edition", "slug"], name="unique_author_slug_per_edition")]

    def __str__(self):
        return f"{self.name} ({self.edition})"

    def get_absolute_url(self):
        with override(self.edition):
            return reverse("articles:author", kwargs={"slug": self.slug})


# --- Media library ------------------------------------------------------------------


class Photo(models.Model):
    """A picture in the reusable library, with the words that travel with it."""

    image = models.ImageField(
        _("image"),
        upload_to="photos/%Y/%m/",
        width_field="width",
        height_field="height",
    )
    width = models.PositiveIntegerField(editable=False, null=True)
    height = models.PositiveIntegerField(editable=False, null=True)
    caption = models.CharField(_("caption"), max_length=500, blank=True)
    credit = models.CharField(_("credit"), max_length=120, blank=True, help_text=_("Who owns it, e.g. “AP”."))
    alt_text = models.CharField(
        _("alt text"),
        max_length=300,
        help_text=_("What the picture shows, for readers who cannot see it. Required."),
    )
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        editable=False,
    )
    created_at = models.DateTimeField(_("uploaded"), auto_now_add=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("photo")
        verbose_name_plural = _("photos")

    def __str__(self):
        return self.caption[:80] or self.alt_text[:80] or self.image.name

    def save(self, *args, **kwargs):
        """A new upload is stored as ``articles.images`` prepares it: checked, upright, without metadata."""
        if self.has_new_upload:
            prepared = prepare_image(read_upload(self.image))
            self.image = ContentFile(prepared.data, name=prepared.filename(self.image.name))
        super().save(*args, **kwargs)

    def clean(self):
        if self.has_new_upload:
            try:
                inspect_image(read_upload(self.image))
            except ValidationError as error:
                raise ValidationError({"image": error}) from error

    @property
    def has_new_upload(self):
        return bool(self.image) and not self.image._committed

    @cached_property
    def rendition_list(self):
        """The renditions, narrowest first; ``prefetch_renditions`` fills this for many photos in one query."""
        return list(self.renditions.order_by("width", "format"))


class Video(models.Model):
    """A video: an embed from a video platform or an uploaded file, with a poster."""

    title = models.CharField(_("title"), max_length=200)
    embed_url = models.URLField(
        _("embed URL"),
        blank=True,
        help_text=_("The player address (https) from YouTube, Vimeo or similar."),
    )
    file = models.FileField(_("video file"), upload_to="videos/%Y/%m/", blank=True)
    duration = models.DurationField(_("duration"), null=True, blank=True, help_text=_("hh:mm:ss"))
    poster = models.ForeignKey(
        Photo,
        verbose_name=_("poster"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("video")
        verbose_name_plural = _("videos")

    def __str__(self):
        return self.title

    def clean(self):
        if not self.embed_url and not self.file:
            raise ValidationError(_("Give an embed URL or upload a video file."))
        if self.embed_url and not self.embed_url.startswith("https://"):
            raise ValidationError({"embed_url": _("Embed addresses must start with https://.")})


# --- Articles -----------------------------------------------------------------------


class ArticleQuerySet(models.QuerySet):
    def public(self):
        """What readers may see: published, or scheduled with its time come.

        A scheduled article needs no job to go live: it matches this query from
        its publish time on.
        """
        return self.filter(
            status__in=Article.SEEN_BY_READERS,
            publish_at__lte=timezone.now(),
            deleted_at__isnull=True,
        )

    def active(self):
        """Everything not in the trash: what the article desk works on."""
        return self.filter(deleted_at__isnull=True)

    def trashed(self):
        return self.filter(deleted_at__isnull=False)

    def upcoming(self):
        """Published or scheduled, with the publish time still to come: public later, without a save."""
        return self.filter(
            status__in=Article.SEEN_BY_READERS,
            publish_at__gt=timezone.now(),
            deleted_at__isnull=True,
        )

    def in_edition(self, code):
        return self.filter(edition=code)

    def for_cards(self):
        """What a teaser card shows, fetched in a fixed number of queries (with what other apps add: ``extensions``)."""
        return self.select_related("section", "hero_photo").annotate(**extensions.annotations())

    def with_bylines(self):
        """Bylines in order, with their authors, into ``article.byline_list``: one query however many."""
        return self.prefetch_related(prefetch_bylines())

    def for_detail(self):
        return (
            self.for_cards()
            .with_bylines()
            .select_related("source", "section__parent", *extensions.related())  # the breadcrumb; other apps' rows
            .prefetch_related(
                # Tags in the order the editor gave them (taggit's own prefetch has no order).
                models.Prefetch("tagged_items", queryset=ArticleTag.objects.select_related("tag").order_by("pk")),
                "gallery_items__photo",
                "corrections",
            )
        )

    def latest(self):
        return self.order_by("-publish_at", "-pk")

    def tagged(self, tag, edition, newest):
        """These articles among the ``newest`` of ``edition`` to carry ``tag``, found on the tag's own index."""
        links = ArticleTag.objects.published().filter(tag=tag, edition=edition)
        return self.filter(pk__in=links.order_by("-publish_at", "-content_object").values("content_object")[:newest])


@reversion.register(follow=["bylines", "gallery_items", "tagged_items"])
class Article(models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        REVIEW = "review", _("In review")
        SCHEDULED = "scheduled", _("Scheduled")
        PUBLISHED = "published", _("Published")
        UNPUBLISHED = "unpublished", _("Unpublished")

    SEEN_BY_READERS = SEEN_BY_READERS  # the states readers see from the publish time (``public()``)

    class Kind(models.TextChoices):
        NEWS = "news", _("News")
        OPINION = "opinion", _("Opinion")
        ANALYSIS = "analysis", _("Analysis")
        BLOG = "blog", _("Blog")
        FEATURE = "feature", _("Feature")
        VIDEO = "video", _("Video")
        INFOGRAPH = "infograph", _("Infograph")
        GALLERY = "gallery", _("Gallery")

    edition = EditionField()
    kind = models.CharField(_("kind"), max_length=12, choices=Kind.choices, default=Kind.NEWS)
    headline = models.CharField(_("headline"), max_length=255)
    slug = models.SlugField(
        _("slug"),
        max_length=200,
        allow_unicode=True,
        help_text=_("The article's address; Arabic and Spanish letters are kept. Unique within the edition."),
    )
    standfirst = models.TextField(
        _("standfirst"),
        blank=True,
        help_text=_("The one- or two-sentence summary under the headline."),
    )
    body = models.TextField(_("body"), blank=True, help_text=_("Cleaned of unsafe markup when saved."))
    summary_points = models.TextField(
        _("in five"),
        blank=True,
        help_text=_("Optional five-point summary, one point per line, shown in the “In Five” tab."),
    )

    section = models.ForeignKey(
        Section,
        verbose_name=_("section"),
        on_delete=models.PROTECT,
        related_name="articles",
    )
    regions = models.ManyToManyField(Region, verbose_name=_("regions"), blank=True, related_name="articles")
    authors = models.ManyToManyField(Author, through="Byline", verbose_name=_("authors"), related_name="articles")
    source = models.ForeignKey(
        Source,
        verbose_name=_("source"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="articles",
    )
    tags = TaggableManager(
        _("tags"),
        through="ArticleTag",
        blank=True,
        help_text=_("Comma-separated; the first tag is the story's main tag."),
    )
    hero_photo = models.ForeignKey(
        Photo,
        verbose_name=_("main photo"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    video = models.ForeignKey(
        Video,
        verbose_name=_("video"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="articles",
    )
    related = models.ManyToManyField(
        "self",
        verbose_name=_("read more"),
        symmetrical=False,
        blank=True,
        help_text=_("Related articles shown as “Read more” links."),
    )
    translation_group = models.UUIDField(
        _("translation group"),
        default=uuid.uuid4,
        db_index=True,
        help_text=_("Articles sharing this value are the same story in different editions."),
    )

    status = models.CharField(_("status"), max_length=12, choices=Status.choices, default=Status.DRAFT)
    publish_at = models.DateTimeField(
        _("publish time"),
        null=True,
        blank=True,
        help_text=_("Readers see the article from this moment when it is scheduled or published."),
    )
    updated_at = models.DateTimeField(
        _("last substantive update"),
        null=True,
        blank=True,
        help_text=_("Shown to readers as “Updated”. Set it when the story changed in substance."),
    )
    share_count = models.PositiveIntegerField(_("shares"), default=0, editable=False)
    read_minutes = models.PositiveSmallIntegerField(_("read time (minutes)"), default=1, editable=False)

    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("created by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        editable=False,
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    modified_at = models.DateTimeField(_("modified"), auto_now=True)
    version = models.PositiveIntegerField(
        default=1,
        editable=False,
        help_text="Bumped on every save; stale saves are refused.",
    )
    deleted_at = models.DateTimeField(
        _("moved to trash"),
        null=True,
        blank=True,
        editable=False,
        db_index=True,
        help_text=_("Set when the article is deleted: it leaves the site but can be restored from the trash."),
    )
    deleted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("moved to trash by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        editable=False,
    )

    objects = ArticleQuerySet.as_manager()

    class Meta:
        ordering = ["-publish_at", "-pk"]
        verbose_name = _("article")
        verbose_name_plural = _("articles")
        permissions = [
            ("publish_article", _("Can publish, schedule and unpublish articles")),
        ]
        constraints = [models.UniqueConstraint(fields=["edition", "slug"], name="unique_article_slug_per_edition")]
        indexes = [
            models.Index(
                fields=["edition", "status", "publish_at"],
                name="article_edition_public",
            ),
            models.Index(
                fields=["section", "status", "publish_at"],
                name="article_section_public",
            ),
            # Newest-first listings of what readers may see (home, edition feeds, sitemaps, API,
            # sections, kinds): read in index order and stopped after one page, so their cost
            # does not grow with the archive. Partial: drafts and the desk's work stay out.
            models.Index(
                F("edition"),
                F("publish_at").desc(),
                F("id").desc(),
                name="article_public_latest",
                condition=models.Q(status__in=["published", "scheduled"]),
            ),
            models.Index(
                F("publish_at").desc(),
                F("id").desc(),
                name="article_public_all_latest",
                condition=models.Q(status__in=["published", "scheduled"]),
            ),
            models.Index(
                F("section"),
                F("publish_at").desc(),
                F("id").desc(),
                name="article_public_section_latest",
                condition=models.Q(status__in=["published", "scheduled"]),
            ),
            # Counting a section's public articles (its pages' paginator) from the index alone.
            models.Index(
                fields=["section", "edition", "publish_at"],
                name="article_public_section_count",
                condition=models.Q(status__in=["published", "scheduled"], deleted_at__isnull=True),
            ),
            models.Index(
                F("edition"),
                F("kind"),
                F("publish_at").desc(),
                F("id").desc(),
                name="article_public_kind_latest",
                condition=models.Q(status__in=["published", "scheduled"]),
            ),
        ]

    def __str__(self):
        return self.headline

    def save(self, *args, **kwargs):
        self.body = sanitize_html(self.body)
        words = len(strip_tags(self.body).split())
        self.read_minutes = max(1, math.ceil(words / WORDS_PER_MINUTE))
        if self.status == self.Status.PUBLISHED and not self.publish_at:
            self.publish_at = timezone.now()
        adding = self._state.adding or not self.pk
        before = None if adding else ArticleState.stored(Article, self.pk)
        if not adding:
            self._claim_version()
        super().save(*args, **kwargs)
        if not adding:  # a new article has no tag links yet
            # The tag links keep the edition and publication time for the tag's listings (see ArticleTag).
            self.tagged_items.exclude(edition=self.edition, publish_at=self.publish_at).update(
                edition=self.edition, publish_at=self.publish_at
            )
        article_changed.send(Article, article=self, before=before, after=ArticleState.of(self), part=None)

    def get_absolute_url(self):
        with override(self.edition):
            return reverse(
                "articles:article",
                kwargs={"section": self.section.slug, "slug": self.slug},
            )

    @property
    def is_public(self):
        return (
            self.status in self.SEEN_BY_READERS
            and self.publish_at is not None
            and self.publish_at <= timezone.now()
            and self.deleted_at is None
        )

    @cached_property
    def byline_list(self):
        """The bylines in order, with their authors; ``with_bylines`` fills this for many articles in one query."""
        return list(self.bylines.select_related("author"))

    @property
    def byline_names(self):
        """The byline as one line, "Amina Said, Luis Ortega"; empty without bylines."""
        return ", ".join(byline.author.name for byline in self.byline_list)

    @cached_property
    def region_list(self):
        """The regions; ``prefetch_regions`` fills this for many articles in one query."""
        return list(self.regions.all())

    @property
    def tag_list(self):
        """The tags in the order the editor gave them; uses ``for_detail``'s prefetch."""
        return [tagged.tag for tagged in self.tagged_items.all()]

    @property
    def main_tag(self):
        tags = self.tag_list
        return tags[0] if tags else None

    @property
    def summary_list(self):
        return [line.strip() for line in self.summary_points.splitlines() if line.strip()]

    def clean(self):
        errors = {}
        if self.status == self.Status.SCHEDULED and not self.publish_at:
            errors["publish_at"] = _("A scheduled article needs a publish time.")
        if self.status == self.Status.SCHEDULED and self.publish_at and self.publish_at <= timezone.now():
            errors["publish_at"] = _("The publish time of a scheduled article must be in the future.")
        if self.updated_at and self.publish_at and self.updated_at < self.publish_at:
            errors["updated_at"] = _("The update time cannot be earlier than the publish time.")
        if errors:
            raise ValidationError(errors)

    def _claim_version(self):
        """Refuse to overwrite a newer save (optimistic locking).

        The conditional UPDATE succeeds only while the row still holds the
        version this instance was loaded with, so of two editors who loaded the
        same version, only the first one's save goes through.
        """
        claimed = Article.objects.filter(pk=self.pk, version=self.version).update(version=F("version") + 1)
        if not claimed:
            raise StaleArticleError(self)
        self.version += 1

    def move_to_trash(self, user=None):
        """Take the article off the site without losing it; ``restore`` brings it back as it was."""
        self._set_trashed(timezone.now(), user, "Moved to trash")

    def restore(self, user=None):
        self._set_trashed(None, user, "Restored from trash")

    def _set_trashed(self, when, user, comment):
        with reversion.create_revision():
            self.deleted_at = when
            self.deleted_by = user if when else None
            self.save()
            reversion.set_user(user)
            reversion.set_comment(comment)

    def translations(self):
        """The same story in the other editions (public or not; callers filter)."""
        return Article.objects.filter(translation_group=self.translation_group).exclude(pk=self.pk)


class TrashedArticle(Article):
    """Deleted articles, listed apart so editors can restore them and admins purge them."""

    class Meta:
        proxy = True
        verbose_name = _("article in the trash")
        verbose_name_plural = _("trash")


class StaleArticleError(Exception):
    def __init__(self, article):
        super().__init__(f"Article {article.pk} was saved by someone else since version {article.version}.")
        self.article = article


class ArticleTagQuerySet(models.QuerySet):
    def published(self):
        """Links whose article is out by the copied time; visibility is still checked on the article."""
        return self.filter(publish_at__lte=timezone.now())

    def seen_by_readers(self):
        """Links to articles readers may see: read from the tag's index, each article checked once."""
        return self.published().filter(Exists(Article.objects.public().filter(pk=OuterRef("content_object"))))


@reversion.register()
class ArticleTag(TaggedItemBase):
    """An article's tag: a real foreign key (fast joins), and kept in revisions.

    ``edition`` and ``publish_at`` are the article's, copied when the link is
    made and whenever the article is saved, so a tag's newest stories in an
    edition are read from one index (``ArticleQuerySet.tagged``) however many
    stories carry the tag. Visibility is still the article's own.
    """

    content_object = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="tagged_items")
    edition = models.CharField(max_length=8, blank=True, editable=False)
    publish_at = models.DateTimeField(null=True, editable=False)

    objects = ArticleTagQuerySet.as_manager()

    class Meta:
        verbose_name = _("tag")
        verbose_name_plural = _("tags")
        constraints = [models.UniqueConstraint(fields=["content_object", "tag"], name="unique_article_tag")]
        indexes = [
            models.Index(F("tag"), F("edition"), F("publish_at").desc(), F("content_object").desc(), name="tag_latest")
        ]

    def save(self, *args, **kwargs):
        self.edition, self.publish_at = self.content_object.edition, self.content_object.publish_at
        super().save(*args, **kwargs)


@reversion.register()
class Byline(models.Model):
    """An author on an article, in byline order."""

    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="bylines")
    author = models.ForeignKey(
        Author,
        verbose_name=_("author"),
        on_delete=models.PROTECT,
        related_name="bylines",
    )
    position = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        ordering = ["position", "pk"]
        verbose_name = _("byline")
        verbose_name_plural = _("byline")
        constraints = [models.UniqueConstraint(fields=["article", "author"], name="unique_byline_author")]

    def __str__(self):
        return self.author.name


@reversion.register()
class GalleryItem(models.Model):
    """A photo in an "In Pictures" gallery, with a caption for this gallery."""

    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="gallery_items")
    photo = models.ForeignKey(Photo, verbose_name=_("photo"), on_delete=models.PROTECT, related_name="+")
    caption = models.CharField(
        _("caption"),
        max_length=500,
        blank=True,
        help_text=_("Leave empty to use the photo's own caption."),
    )
    position = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        ordering = ["position", "pk"]
        verbose_name = _("gallery photo")
        verbose_name_plural = _("gallery photos")

    def __str__(self):
        return str(self.photo)

    @property
    def display_caption(self):
        return self.caption or self.photo.caption


class Correction(models.Model):
    """A dated note telling readers that a published story was corrected or updated.

    It shows under the headline, counts as a modification of the article
    (``dateModified`` in structured data, ``updated`` in feeds and sitemaps) and
    travels with the story into the feeds, so syndication partners see it too.
    """

    class Kind(models.TextChoices):
        CORRECTION = "correction", _("Correction")
        UPDATE = "update", _("Update")

    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="corrections")
    kind = models.CharField(_("kind"), max_length=12, choices=Kind.choices, default=Kind.CORRECTION)
    text = models.TextField(
        _("text"),
        help_text=_("What was wrong and what is right now, or what changed. Shown to readers as written."),
    )
    created_at = models.DateTimeField(
        _("date"),
        default=timezone.now,
        help_text=_("Shown next to the note; also becomes the article's modification time."),
    )

    class Meta:
        ordering = ["created_at", "pk"]
        verbose_name = _("correction or update")
        verbose_name_plural = _("corrections and updates")

    def __str__(self):
        return f"{self.get_kind_display()}: {self.text[:60]}"


class ScheduledUpdateQuerySet(models.QuerySet):
    def pending(self):
        return self.filter(applied_at__isnull=True)

    def due(self):
        return self.pending().filter(apply_at__lte=timezone.now())


class ScheduledUpdate(models.Model):
    """A new version of a live article that readers get at ``apply_at``.

    Until then the live article is untouched; the changes wait here as field
    values. They are applied by ``services.apply_due_updates``, which the
    request cycle triggers once the earliest pending time has passed.
    """

    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="scheduled_updates")
    apply_at = models.DateTimeField(_("apply at"), db_index=True)
    changes = models.JSONField(_("changes"), help_text="Field name to new value.")
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    applied_at = models.DateTimeField(null=True, blank=True)

    objects = ScheduledUpdateQuerySet.as_manager()

    class Meta:
        ordering = ["apply_at"]
        verbose_name = _("scheduled update")
        verbose_name_plural = _("scheduled updates")

    def __str__(self):
        return f"{self.article} @ {self.apply_at:%Y-%m-%d %H:%M}"

    @property
    def changed_fields(self):
        return sorted(self.changes)


# Fields an editor may change through a scheduled update (plain values only).
SCHEDULABLE_FIELDS = (
    "headline",
    "standfirst",
    "body",
    "summary_points",
    "hero_photo",
    "updated_at",
    "kind",
)


class Rendition(models.Model):
    """A resized copy of a library photo, made once when the photo is saved.

    Pages ask for these through ``srcset`` instead of resizing per request;
    ``articles.renditions`` makes them and the views prefetch them.
    """

    class Format(models.TextChoices):
        WEBP = "webp", "WebP"
        JPEG = "jpeg", "JPEG"

    photo = models.ForeignKey(Photo, on_delete=models.CASCADE, related_name="renditions")
    width = models.PositiveIntegerField()
    height = models.PositiveIntegerField()
    format = models.CharField(max_length=4, choices=Format.choices)
    file = models.ImageField(upload_to="renditions/%Y/%m/")
    source_name = models.CharField(
        max_length=255,
        help_text="The photo file this was made from; a new upload makes new renditions.",
    )

    class Meta:
        ordering = ["format", "width"]
        verbose_name = _("rendition")
        verbose_name_plural = _("renditions")
        constraints = [
            models.UniqueConstraint(fields=["photo", "format", "width"], name="unique_rendition_size"),
        ]

    def __str__(self):
        return f"{self.photo_id} {self.width}w {self.format}"


# Prefetches into plain lists (``to_attr``) rather than related managers: Django then builds no
# queryset per row, which was most of what a page of cards or an API list spent prefetching.
# Each list is also a cached property of the model, so a row fetched without it still works.


def prefetch_bylines():
    """Prefetch articles' bylines in order, with their authors, into ``article.byline_list``."""
    return models.Prefetch("bylines", queryset=Byline.objects.select_related("author"), to_attr="byline_list")


def prefetch_regions():
    """Prefetch articles' regions into ``article.region_list`` (their names in each edition are in the menus)."""
    return models.Prefetch("regions", to_attr="region_list")


def prefetch_renditions(photo_path=""):
    """Prefetch the renditions of the photos at ``photo_path`` (``"hero_photo"``; none for photos themselves).

    They land in ``photo.rendition_list``, narrowest first.
    """
    return models.Prefetch(
        f"{photo_path}__renditions" if photo_path else "renditions",
        queryset=Rendition.objects.order_by("width", "format"),
        to_attr="rendition_list",
    )
