"""Tell the page cache when something readers see has changed.

An article's own rows (bylines, tags, gallery, corrections, regions, related
stories, scheduled updates) invalidate its edition, and only when the article
is, or was until this save, published or scheduled: drafts moving through the
desk leave readers' pages alone. Its translations' editions are invalidated
with it, since their pages link to it. Shared things (photos and their renditions,
videos, sections, regions, sources, tags, authors) and breaking news, which
every page's ticker shows, invalidate every edition.
"""

from django.db.models.signals import m2m_changed, post_delete, post_save
from django.dispatch import receiver
from taggit.models import Tag

from articles.models import (
    Article,
    ArticleTag,
    Author,
    Byline,
    Correction,
    GalleryItem,
    Photo,
    Region,
    RegionLabel,
    Rendition,
    ScheduledUpdate,
    Section,
    SectionLabel,
    Source,
    Video,
)
from breaking.models import BreakingItem

from .generations import invalidate

SHARED = [Photo, Rendition, Video, Section, SectionLabel, Region, RegionLabel, Source, Author, Tag, BreakingItem]
ARTICLE_PARTS = [Byline, ArticleTag, GalleryItem, Correction, ScheduledUpdate]


def _editions_to_invalidate(article_rows):
    return {edition for edition, status in article_rows if status in Article.SEEN_BY_READERS}


@receiver([post_save, post_delete], sender=Article)
def article_changed(sender, instance, raw=False, **kwargs):
    if raw:  # a restore loading rows; it clears the whole cache when done (ops.backup)
        return
    rows = [(instance.edition, instance.status)]
    before = getattr(instance, "stored_state", None)  # articles.signals; None for a new article
    if before:
        rows.append(before[:2])
    editions = _editions_to_invalidate(rows)
    if editions:
        # The story's pages in the other editions link to this one (the edition switcher).
        translations = Article.objects.filter(translation_group=instance.translation_group)
        invalidate(editions | set(translations.values_list("edition", flat=True)))


def _article_id(part):
    return part.content_object_id if isinstance(part, ArticleTag) else part.article_id


def part_changed(sender, instance, raw=False, **kwargs):
    if raw:
        return
    rows = Article.objects.filter(pk=_article_id(instance)).values_list("edition", "status")
    editions = _editions_to_invalidate(rows)
    if editions:
        invalidate(editions)


def shared_changed(sender, raw=False, **kwargs):
    if not raw:
        invalidate()


def relations_changed(sender, instance, action, reverse, pk_set, **kwargs):
    """Regions and "read more" links, changed from the article's side or the other."""
    if action not in {"post_add", "post_remove", "post_clear"}:
        return
    if not reverse:
        rows = [(instance.edition, instance.status)]
    elif pk_set is None:
        # Cleared from the region's side: which articles it had is no longer known.
        invalidate()
        return
    else:
        rows = Article.objects.filter(pk__in=pk_set).values_list("edition", "status")
    editions = _editions_to_invalidate(rows)
    if editions:
        invalidate(editions)


for model in SHARED:
    post_save.connect(shared_changed, sender=model, dispatch_uid=f"pagecache-shared-save-{model.__name__}")
    post_delete.connect(shared_changed, sender=model, dispatch_uid=f"pagecache-shared-delete-{model.__name__}")
for model in ARTICLE_PARTS:
    post_save.connect(part_changed, sender=model, dispatch_uid=f"pagecache-part-save-{model.__name__}")
    post_delete.connect(part_changed, sender=model, dispatch_uid=f"pagecache-part-delete-{model.__name__}")
# Tag links are article parts above: each one added or removed is already a save or a delete.
for through in (Article.regions.through, Article.related.through):
    m2m_changed.connect(relations_changed, sender=through, dispatch_uid=f"pagecache-m2m-{through.__name__}")
