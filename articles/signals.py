"""Announce changes to articles (``events.article_changed``) and keep what follows them in step.

Here articles declare what the page cache must forget when they change (``pagecache.registry``).
"""

from django.db.models import F
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.dispatch import receiver
from taggit.models import Tag

from pagecache.generations import invalidate_keys
from pagecache.registry import earliest, shown_as, shown_on_pages, upcoming_changes

from . import pagekeys
from .events import ArticleState, announce_part, article_changed, states
from .models import (
    Article,
    Author,
    Byline,
    Correction,
    GalleryItem,
    ScheduledUpdate,
    Source,
    TrashedArticle,
)
from .services import forget_next_update_time

# An article's own rows, by the name ``article_changed`` gives them as ``part``.
PARTS = {Byline: "bylines", GalleryItem: "gallery", Correction: "corrections", ScheduledUpdate: "scheduled_updates"}
RELATIONS = {Article.tags.through: "tags", Article.regions.through: "regions", Article.related.through: "related"}


@receiver(post_delete, sender=Article)
@receiver(post_delete, sender=TrashedArticle)  # purged from the trash: Django names the proxy
def article_deleted(sender, instance, **kwargs):
    article_changed.send(Article, article=instance, before=ArticleState.of(instance), after=None, part=None)


def part_changed(sender, instance, raw=False, **kwargs):
    if raw:  # a restore loading rows
        return
    article = Article.objects.filter(pk=instance.article_id).first()
    if article is not None:  # None: the article itself is being deleted, which is announced once
        announce_part(article, PARTS[sender])


def relation_changed(sender, instance, action, reverse, pk_set, **kwargs):
    """Tags, regions and "read more" links, changed from the article's side or the other."""
    part = RELATIONS[sender]
    if reverse and action == "pre_clear":
        # Emptied from the other side (a region's articles cleared): afterwards they are unknown.
        articles = list(Article.objects.filter(**{part: instance}))
    elif action == "post_clear" and not reverse:
        articles = [instance]
    elif action in {"post_add", "post_remove"} and pk_set:  # taggit sends post_add with nothing new too
        articles = [instance] if not reverse else Article.objects.filter(pk__in=pk_set)
    else:
        return
    for article in articles:
        announce_part(article, part)


for model in PARTS:
    post_save.connect(part_changed, sender=model, dispatch_uid=f"articles-part-save-{model.__name__}")
    post_delete.connect(part_changed, sender=model, dispatch_uid=f"articles-part-delete-{model.__name__}")
for through in RELATIONS:
    m2m_changed.connect(relation_changed, sender=through, dispatch_uid=f"articles-relation-{through.__name__}")


@receiver([post_save, post_delete], sender=ScheduledUpdate)
def scheduled_updates_changed(sender, **kwargs):
    forget_next_update_time()


# --- The page cache -------------------------------------------------------------------------


@receiver(article_changed)
def forget_pages(sender, article, before, after, part, **kwargs):
    """The pages that show the story or list it; drafts, seen by no reader, leave them alone."""
    editions = {state.edition for state in states(before, after) if state.seen_by_readers}
    if editions:
        invalidate_keys(pagekeys.changed(article, before, after, part), editions)


# A page that loads a story, a byline, a source or a tag carries its key; a change renews those pages.
shown_as(Article, lambda article: [pagekeys.article(article.pk)])
shown_on_pages(
    Author, keys=lambda author: [f"author-{author.pk}"], lists=lambda author: [pagekeys.authors_index(author.edition)]
)
shown_on_pages(Source, keys=lambda source: [f"source-{source.pk}"])
shown_on_pages(Tag, keys=lambda tag: [f"tag-{tag.pk}"])


@upcoming_changes
def stories_going_live(editions):
    return earliest(Article.objects.filter(edition__in=editions).upcoming(), F("edition"), "publish_at")


@upcoming_changes
def updates_falling_due(editions):
    updates = ScheduledUpdate.objects.pending().filter(article__edition__in=editions)
    return earliest(updates, F("article__edition"), "apply_at")
