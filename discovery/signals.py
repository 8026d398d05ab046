"""Keep derived discovery data in step with content: the search index and social crops."""

from django.db.models.signals import m2m_changed, post_delete, post_save
from django.dispatch import receiver

from articles.models import Article, Photo

from .crops import ensure_social_crops
from .search import forget_article, index_article


@receiver(post_save, sender=Article)
def article_saved(sender, instance, raw=False, **kwargs):
    if not raw:
        index_article(instance)


@receiver(m2m_changed, sender=Article.tags.through)
def article_tags_changed(sender, instance, action, reverse, **kwargs):
    # Tags are searchable words, and the admin saves them after the article itself.
    if action in {"post_add", "post_remove", "post_clear"} and isinstance(instance, Article):
        index_article(instance)


@receiver(post_delete, sender=Article)
def article_deleted(sender, instance, **kwargs):
    forget_article(instance.pk)


@receiver(post_save, sender=Photo)
def photo_saved(sender, instance, raw=False, **kwargs):
    if not raw:
        ensure_social_crops(instance)
