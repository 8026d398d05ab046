"""Keep each translation's link to its original in step: when either is saved, note when."""

from django.dispatch import receiver
from django.utils import timezone

from articles.events import article_changed

from .models import TranslationLink, text_digest


@receiver(article_changed)
def article_changed_(sender, article, before, after, part, **kwargs):
    if part is not None or before is None or after is None:  # a new story has no translations yet
        return
    now = timezone.now()
    digest = text_digest(article)
    # The original: its translations fall behind only when the text changed, not on a status move.
    TranslationLink.objects.filter(source=article).exclude(source_digest=digest).update(
        source_digest=digest, source_changed_at=now
    )
    TranslationLink.objects.filter(translation=article).update(translated_at=now)
