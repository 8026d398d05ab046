"""A translation stays current through saves of its source that change none of the words it follows."""

from django.dispatch import receiver

from articles.events import article_changed

from .models import TranslationSource


@receiver(article_changed)
def keep_translations_current(sender, article, before, after, part, **kwargs):
    if part is not None or before is None or after is None:
        return
    TranslationSource.objects.keep_up_with_unchanged_words(article)
