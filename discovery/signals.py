"""Keep derived discovery data in step with content: the search index, the sitemap months, social crops."""

from django.db.models.signals import m2m_changed, post_delete, post_save
from django.dispatch import receiver

from articles.models import Article, Correction, Photo, TrashedArticle

from .crops import ensure_social_crops
from .search import forget_article, index_article
from .sitemaps import month_start, refresh_month


def recount_months(*states):
    """Count again the sitemap months of these (edition, status, publish_at) states of an article."""
    months = {
        (edition, month_start(moment))
        for edition, status, moment in filter(None, states)
        if status in Article.SEEN_BY_READERS and moment
    }
    for edition, start in months:
        refresh_month(edition, start)


@receiver(post_save, sender=Article)
def article_saved(sender, instance, raw=False, **kwargs):
    if not raw:  # a restore counts the months once when done (ops.backup)
        index_article(instance)
        # Where the article is now, and where it was until this save (None for a new article).
        recount_months((instance.edition, instance.status, instance.publish_at), instance.stored_state)


@receiver(m2m_changed, sender=Article.tags.through)
def article_tags_changed(sender, instance, action, reverse, pk_set, **kwargs):
    # Tags are searchable words, and the admin saves them after the article itself.
    if not isinstance(instance, Article) or action not in {"post_add", "post_remove", "post_clear"}:
        return
    if action != "post_clear" and not pk_set:
        return  # taggit sends post_add even when every tag was there already: nothing new to index
    index_article(instance)


@receiver(post_delete, sender=Article)
@receiver(post_delete, sender=TrashedArticle)  # purged from the trash: Django names the proxy
def article_deleted(sender, instance, **kwargs):
    forget_article(instance.pk)
    recount_months((instance.edition, instance.status, instance.publish_at))


@receiver([post_save, post_delete], sender=Correction)
def correction_changed(sender, instance, raw=False, **kwargs):
    if not raw:  # a correction dates its article's month
        article = Article.objects.filter(pk=instance.article_id).values_list("edition", "status", "publish_at")
        recount_months(*article)


@receiver(post_save, sender=Photo)
def photo_saved(sender, instance, raw=False, **kwargs):
    if not raw:
        ensure_social_crops(instance)
