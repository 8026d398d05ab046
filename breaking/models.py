"""Breaking news: one-line items shown in the ticker of their edition until they expire."""

from datetime import timedelta

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.html import strip_tags
from django.utils.translation import gettext_lazy as _

from articles.models import EditionField

DEFAULT_LIFETIME = timedelta(hours=6)
MAX_LENGTH = 280


def default_expiry():
    return timezone.now() + DEFAULT_LIFETIME


class BreakingItemQuerySet(models.QuerySet):
    def live(self):
        """Items readers see: switched on and not yet expired, urgent and newest first."""
        return self.filter(is_active=True, expires_at__gt=timezone.now()).order_by("-priority", "-posted_at")

    def in_edition(self, code):
        return self.filter(edition=code)


class BreakingItem(models.Model):
    class Priority(models.IntegerChoices):
        NORMAL = 0, _("Normal")
        URGENT = 1, _("Urgent")

    edition = EditionField()
    text = models.CharField(
        _("text"),
        max_length=MAX_LENGTH,
        help_text=_("One line of plain text, up to 280 characters, e.g. “Minister: talks resume on Monday”."),
    )
    article = models.ForeignKey(
        "articles.Article",
        verbose_name=_("linked article"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="breaking_items",
    )
    priority = models.PositiveSmallIntegerField(_("priority"), choices=Priority.choices, default=Priority.NORMAL)
    is_active = models.BooleanField(_("active"), default=True, help_text=_("Untick to take it off the ticker."))
    posted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        editable=False,
    )
    posted_at = models.DateTimeField(_("posted"), default=timezone.now, editable=False)
    expires_at = models.DateTimeField(
        _("expires"),
        default=default_expiry,
        help_text=_("Leaves the ticker by itself at this time (default 6 hours)."),
    )

    objects = BreakingItemQuerySet.as_manager()

    class Meta:
        ordering = ["-posted_at"]
        verbose_name = _("breaking news item")
        verbose_name_plural = _("breaking news")
        indexes = [models.Index(fields=["edition", "is_active", "expires_at"], name="breaking_live")]

    def __str__(self):
        return self.text

    def save(self, *args, **kwargs):
        self.text = " ".join(strip_tags(self.text).split())
        super().save(*args, **kwargs)

    @property
    def is_live(self):
        return self.is_active and self.expires_at > timezone.now()
