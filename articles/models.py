"""The newsroom's content: sections, regions, authors, sources and articles (pictures are in ``media``).

Visibility rules live in ``ArticleQuerySet``: every page, feed, sitemap, search
and API asks ``Article.objects.public()`` the same question.
"""

import math
import uuid
from datetime import UTC, datetime

import reversion
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Exists, F, OuterRef, Subquery, Value, Window
from django.db.models.functions import Coalesce, RowNumber
from django.urls import reverse
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.html import strip_tags
from django.utils.translation import gettext_lazy as _
from django.utils.translation import override
from taggit.managers import TaggableManager
from taggit.models import TaggedItemBase

from editions.fields import EditionField
from media.models import Photo, Video, prefetch_renditions, prefetch_renditions_of
from taxonomy.models import Region, Section

from . import extensions
from .events import SEEN_BY_READERS, ArticleState, article_changed
from .sanitize import sanitize_html
from .tagging import OrderedTagManager

WORDS_PER_MINUTE = 200
# Before any publication time: the lower bound when a window holds fewer stories than its size.
EARLIEST = datetime(1, 1, 1, tzinfo=UTC)

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
        Photo,
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

    def counterpart_urls(self):
        """The same person's author pages in the other editions (linked through their staff account)."""
        if self.user_id is None:
            return {}
        others = Author.objects.filter(user_id=self.user_id).exclude(edition=self.edition)
        return {other.edition: other.get_absolute_url() for other in others.only("edition", "slug")}


# --- Articles -----------------------------------------------------------------------


class ArticleQuerySet(models.QuerySet):
    def create_many(self, articles):
        """Save new ``articles`` in one insert, each as ``save`` would: fields derived, creation announced.

        Their tags, bylines and other parts go in afterwards; to announce each article once,
        finished, call this inside ``events.announce_once``.
        """
        for article in articles:
            article.derive_fields()
        created = self.bulk_create(articles)
        for article in created:
            article_changed.send(Article, article=article, before=None, after=ArticleState.of(article), part=None)
        return created

    def public(self):
        """What readers may see: published, or scheduled with its time come, and not under embargo.

        A scheduled article needs no job to go live: it matches this query from
        its publish time on. A story readers can see never has an embargo still to
        come (the database refuses a publish time before the embargo:
        ``article_not_public_before_embargo``); asking here too keeps the rule
        readable in the one place every page, feed and API reads it.
        """
        now = timezone.now()
        return self.filter(
            models.Q(embargo_until__isnull=True) | models.Q(embargo_until__lte=now),
            status__in=Article.SEEN_BY_READERS,
            publish_at__lte=now,
            deleted_at__isnull=True,
        )

    def under_embargo(self):
        """Stories on the desk whose embargo is still to come: nobody may publish them yet."""
        return self.active().filter(embargo_until__gt=timezone.now())

    def active(self):
        """Everything not in the trash: what the article desk works on."""
        return self.filter(deleted_at__isnull=True)

    def trashed(self):
        return self.filter(deleted_at__isnull=False)

    def upcoming(self):
        """Published or scheduled, with the publish time still to come: public later, without a save."""
        return self.filter(status__in=Article.SEEN_BY_READERS, publish_at__gt=timezone.now(), deleted_at__isnull=True)

    def in_edition(self, code):
        return self.filter(edition=code)

    def for_cards(self):
        """What a teaser card shows, fetched in a fixed number of queries (with what other apps add: ``extensions``)."""
        return self.select_related("section", "hero_photo").annotate(**extensions.annotations())

    def with_bylines(self):
        """Bylines in order, with their authors, into ``article.byline_list``: one query however many."""
        return self.prefetch_related(prefetch_bylines())

    def for_story(self):
        """One story whole except its gallery: bylines, tags in order, corrections, the breadcrumb's sections."""
        return (
            self.for_cards()
            .with_bylines()
            .select_related("source", "section__parent", *extensions.related())  # the breadcrumb; other apps' rows
            .prefetch_related(
                # Tags in the order the writer gave them (``ArticleTag.position``).
                models.Prefetch("tagged_items", queryset=ArticleTag.objects.select_related("tag")),
                "corrections",
            )
        )

    def for_detail(self):
        return self.for_story().prefetch_related(prefetch_gallery())

    def for_page(self):
        """What the article page draws of the story itself, with its video.

        The gallery only for a gallery (no other kind shows one), and the pictures' renditions,
        read-more links and translations come with the page's cards (``article_context``).
        """
        return self.for_story().select_related("video__poster")

    def card_rows(self):
        """A teaser card's own row (without the body); its pictures come with ``prefetch_card_pictures``."""
        return self.for_cards().defer("body", "summary_points")

    def as_cards(self):
        """Everything a teaser card shows, in a fixed number of queries (and without bodies)."""
        return self.card_rows().prefetch_related(
            # Few cards are videos: a query for their posters only when there are some.
            prefetch_renditions("hero_photo"),
            prefetch_renditions("video__poster"),
        )

    def latest(self):
        return self.order_by("-publish_at", "-pk")

    def newest_ids(self, size):
        """The ids of the newest ``size`` articles: a narrow read of a listing index."""
        return list(self.latest().values_list("pk", flat=True)[:size])

    def cards_by_id(self, wanted, photos=()):
        """The cards for several lists of ids in one query: ``{place: [ids]}`` gives ``{place: [articles]}``.

        A page that shows cards in several places (top stories, section blocks, Most Read, strips)
        finds each place's ids with a light query, then fetches the cards, photos and Most Read's
        region label for all of them at once. Each list keeps its order and drops what this
        queryset does not hold (a story no longer public). ``photos``: the page's other pictures,
        whose renditions come in the same query as the cards'.
        """
        ids = {pk for place in wanted.values() for pk in place}
        # Most Read labels its cards with their (first) region.
        first_region = Region.objects.filter(articles=OuterRef("pk")).values("slug")[:1]
        found = list(self.filter(pk__in=ids).card_rows().annotate(region_slug=Subquery(first_region)))
        prefetch_card_pictures(found, photos)
        by_id = {article.pk: article for article in found}
        return {place: [by_id[pk] for pk in place_ids if pk in by_id] for place, place_ids in wanted.items()}

    def ids_by_place(self, places):
        """Several short lists of ids in one query: ``{place: queryset}`` gives ``{place: [ids]}``, newest first.

        Each queryset may be ordered and sliced (the newest few); they are read together, as one
        UNION ALL of their ids (within this queryset), instead of one query each. A place whose
        queryset is None gets no ids.
        """
        wanted = [(place, queryset) for place, queryset in places.items() if queryset is not None]
        found = {place: [] for place in places}
        if not wanted:
            return found
        parts = [
            # A sliced queryset is read as a subquery (a part of a union may not be ordered or sliced).
            (self.filter(pk__in=queryset.values("pk")) if queryset.query.is_sliced else queryset & self)
            .annotate(place=Value(index))
            .values_list("pk", "publish_at", "place")
            .order_by()
            for index, (_place, queryset) in enumerate(wanted)
        ]
        for pk, _publish_at, index in parts[0].union(*parts[1:], all=True).order_by("-publish_at", "-pk"):
            found[wanted[index][0]].append(pk)
        return found

    def section_block_ids(self, exclude, size, window):
        """Up to ``size`` newest ids per top-level section id, among the newest ``window``, in one query.

        Ranked among the newest articles only, so the home page costs the same with a thousand
        stories in the archive or a million. From the publication time of the window's oldest
        article on: one range of the edition's index, read once.
        """
        root = Coalesce("section__parent_id", "section_id")
        oldest = self.latest().values("publish_at")[window - 1 : window]
        winners = (
            self.filter(publish_at__gte=Coalesce(Subquery(oldest), Value(EARLIEST)))
            .exclude(pk__in=exclude)
            .annotate(
                root_section=root,
                rank=Window(RowNumber(), partition_by=[root], order_by=[F("publish_at").desc(), F("pk").desc()]),
            )
            .filter(rank__lte=size)
            .order_by("root_section", "rank")
            .values_list("root_section", "pk")
        )
        blocks = {}
        for section_id, pk in winners:
            blocks.setdefault(section_id, []).append(pk)
        return blocks

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

    section = models.ForeignKey(Section, verbose_name=_("section"), on_delete=models.PROTECT, related_name="articles")
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
        manager=OrderedTagManager,
        ordering=["articles_articletag_items__position", "articles_articletag_items__pk"],
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
    embargo_until = models.DateTimeField(
        _("embargo until"),
        null=True,
        blank=True,
        help_text=_(
            "Nobody can publish the story, or schedule it, for before this moment: an agency's or a "
            "source's embargo. Readers, feeds, partners and search see nothing of it until then."
        ),
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
        permissions = [("publish_article", _("Can publish, schedule and unpublish articles"))]
        constraints = [
            models.UniqueConstraint(fields=["edition", "slug"], name="unique_article_slug_per_edition"),
            # Whoever writes the row (the desk, the wire, a script, SQL): readers never see a story
            # before its embargo. Drafts may carry any planned time; the embargo binds publication.
            models.CheckConstraint(
                condition=~models.Q(status__in=["published", "scheduled"])
                | models.Q(embargo_until__isnull=True)
                | models.Q(publish_at__gte=F("embargo_until")),
                name="article_not_public_before_embargo",
                violation_error_message=_("A story cannot be published or scheduled before its embargo."),
            ),
        ]
        indexes = [
            # The desk's "under embargo" list: the few stories that carry one.
            models.Index(
                fields=["embargo_until"], name="article_embargo", condition=models.Q(embargo_until__isnull=False)
            ),
            models.Index(fields=["edition", "status", "publish_at"], name="article_edition_public"),
            models.Index(fields=["section", "status", "publish_at"], name="article_section_public"),
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
            # The desk's article list (everything not in the trash): newest first, or sorted by a column
            # with the row id as tie-breaker in the same direction, read in index order one page at a time.
            models.Index(
                F("publish_at").desc(), F("id").desc(), name="article_desk_latest", condition=models.Q(deleted_at=None)
            ),
            models.Index(fields=["headline", "id"], name="article_desk_headline", condition=models.Q(deleted_at=None)),
            models.Index(fields=["status", "id"], name="article_desk_status", condition=models.Q(deleted_at=None)),
            models.Index(fields=["edition", "id"], name="article_desk_edition", condition=models.Q(deleted_at=None)),
            # Filtered by kind (the rarer kinds: opinion, video...): newest first from the index, counted from it.
            models.Index(
                F("kind"),
                F("publish_at").desc(),
                F("id").desc(),
                name="article_desk_kind_latest",
                condition=models.Q(deleted_at=None),
            ),
            # A story's translations (the desk list's "editions" column, the edition switcher).
            models.Index(
                fields=["translation_group", "edition"],
                name="article_translations",
                condition=models.Q(deleted_at=None),
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
        self.derive_fields()
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
            return reverse("articles:article", kwargs={"section": self.section.slug, "slug": self.slug})

    def derive_fields(self):
        """What every save works out from the text: the cleaned body, the reading time, a publication time."""
        self.body = sanitize_html(self.body)
        words = len(strip_tags(self.body).split())
        self.read_minutes = max(1, math.ceil(words / WORDS_PER_MINUTE))
        if self.status == self.Status.PUBLISHED and not self.publish_at:
            self.publish_at = timezone.now()

    @property
    def is_public(self):
        return (
            self.status in self.SEEN_BY_READERS
            and self.publish_at is not None
            and self.publish_at <= timezone.now()
            and self.deleted_at is None
            and not self.is_under_embargo
        )

    @property
    def is_under_embargo(self):
        return self.embargo_until is not None and self.embargo_until > timezone.now()

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
        """Take the article off the site without losing it; ``restore`` brings it back as it was.

        Who may do either is ``articles.workflow``'s to decide (``trash``, ``restore``).
        """
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

    def editions_with_stories(self, tag, codes):
        """Which of the editions ``codes`` have public stories with ``tag``, in one query.

        One EXISTS per edition, on the tag's own index: each stops at the first story it finds.
        """
        if not codes:
            return []
        links = self.seen_by_readers().filter(tag=tag)
        has_stories = {code: Exists(links.filter(edition=code)) for code in codes}
        (found,) = type(tag).objects.filter(pk=tag.pk).values(**has_stories)
        return [code for code in codes if found[code]]


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
    # The writer's order, the main tag first (``tagging.OrderedTagManager`` numbers them).
    position = models.PositiveSmallIntegerField(_("order"), default=0, editable=False)

    objects = ArticleTagQuerySet.as_manager()

    class Meta:
        ordering = ["position", "pk"]
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
    author = models.ForeignKey(Author, verbose_name=_("author"), on_delete=models.PROTECT, related_name="bylines")
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

    def new_values(self):
        """``(field, value)`` for each change, the value as Python reads it (a photo by its id)."""
        fields = (Article._meta.get_field(name.removesuffix("_id")) for name in self.changes)
        return [(field, field.to_python(value)) for field, value in zip(fields, self.changes.values(), strict=True)]


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


# Prefetches into plain lists (``to_attr``) rather than related managers: Django then builds no
# queryset per row, which was most of what a page of cards or an API list spent prefetching.
# Each list is also a cached property of the model, so a row fetched without it still works.


def prefetch_gallery():
    """Prefetch a gallery's pictures in order, with their photos."""
    return models.Prefetch("gallery_items", queryset=GalleryItem.objects.select_related("photo"))


def prefetch_card_pictures(cards, photos=()):
    """The renditions of the cards' photos and video posters, and of ``photos``, in one query.

    Few cards are videos: their videos and posters are read only when there are some.
    """
    models.prefetch_related_objects([card for card in cards if card.video_id], "video__poster")
    posters = [card.video.poster for card in cards if card.video_id]
    prefetch_renditions_of([*photos, *(card.hero_photo for card in cards), *posters])


def prefetch_bylines():
    """Prefetch articles' bylines in order, with their authors, into ``article.byline_list``."""
    return models.Prefetch("bylines", queryset=Byline.objects.select_related("author"), to_attr="byline_list")


def prefetch_regions():
    """Prefetch articles' regions into ``article.region_list`` (their names in each edition are in the menus)."""
    return models.Prefetch("regions", to_attr="region_list")
