"""Keep derived discovery data in step with content: the search index and social crops."""

from django.db.models.signals import m2m_changed, post_delete, post_save
from django.dispatch import receiver

from articles.models import Article, Photo, TrashedArticle

from .crops import ensure_social_crops
from .search import forget_article, index_article


@receiver(post_save, sender=Article)
def article_saved(sender, instance, raw=False, **kwargs):
    if not raw:
        index_article(instance)


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


@receiver(post_save, sender=Photo)
def photo_saved(sender, instance, raw=False, **kwargs):
    if not raw:
        ensure_social_crops(instance)
