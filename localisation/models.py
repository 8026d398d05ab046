"""Which story a translation was made from, so the desk sees translations whose original changed since."""

import hashlib

from django.db import models
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from articles.models import Article


def text_digest(article):
    """A fingerprint of what a translator translates: headline, standfirst and body."""
    text = "\x1f".join([article.headline, article.standfirst, article.body])
    return hashlib.sha256(text.encode()).hexdigest()


class TranslationLinkQuerySet(models.QuerySet):
    def behind(self):
        """Translations (not in the trash) whose original's text changed after the translation was last saved."""
        return self.filter(
            source_changed_at__gt=F("translated_at"),
            translation__deleted_at__isnull=True,
            source__deleted_at__isnull=True,
        )


class TranslationLink(models.Model):
    """A translation and its original: made by *Translate into…*, kept in step by ``localisation.signals``."""

    translation = models.OneToOneField(
        Article, verbose_name=_("translation"), primary_key=True, on_delete=models.CASCADE, related_name="+"
    )
    source = models.ForeignKey(Article, verbose_name=_("original"), on_delete=models.CASCADE, related_name="+")
    source_digest = models.CharField(max_length=64, help_text="text_digest() of the original when last saved")
    source_changed_at = models.DateTimeField(_("original changed"), null=True, blank=True)
    translated_at = models.DateTimeField(_("translation saved"), default=timezone.now)

    objects = TranslationLinkQuerySet.as_manager()

    class Meta:
        verbose_name = _("translation")
        verbose_name_plural = _("translations")
        indexes = [models.Index(fields=["source"], name="translation_link_source")]

    def __str__(self):
        return f"{self.source_id} → {self.translation_id}"
