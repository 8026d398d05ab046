"""Breaking news: one-line items shown in the ticker of their edition until they expire.

The rules an item must follow (plain text, at most 280 characters, no repeat of
the same line in the same edition within ten minutes) live here, so the admin's
one-step post form, the full change form and any future API refuse the same
things with the same words.
"""

import re
from datetime import timedelta

import reversion
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.html import strip_tags
from django.utils.translation import gettext_lazy as _

from editions.fields import EditionField

DEFAULT_LIFETIME = timedelta(hours=6)
MAX_LENGTH = 280
DUPLICATE_WINDOW = timedelta(minutes=10)
# "Taiwan’s President: ..." - a speaker or source before the first colon, kept
# short so an ordinary sentence with a colon late in it is not mistaken for one.
ATTRIBUTION_MAX_LENGTH = 60
ATTRIBUTION_RE = re.compile(rf"^(?P<attribution>[^:]{{1,{ATTRIBUTION_MAX_LENGTH}}}):\s+(?P<statement>\S.*)$")


def default_expiry():
    return timezone.now() + DEFAULT_LIFETIME


def normalise_text(value):
    """Plain text on one line: markup removed, runs of whitespace collapsed."""
    return " ".join(strip_tags(value or "").split())


class BreakingItemQuerySet(models.QuerySet):
    def live(self):
        """Items readers see: switched on and not yet expired, urgent and newest first."""
        return self.filter(is_active=True, expires_at__gt=timezone.now()).order_by("-priority", "-posted_at", "-pk")

    def expired(self):
        return self.filter(expires_at__lte=timezone.now())

    def in_edition(self, code):
        return self.filter(edition=code)

    def recent_duplicates_of(self, text, edition, now=None):
        """Items with the same wording posted in ``edition`` within the duplicate window."""
        now = now or timezone.now()
        return self.filter(edition=edition, text__iexact=text, posted_at__gt=now - DUPLICATE_WINDOW)


@reversion.register()
class BreakingItem(models.Model):
    class Priority(models.IntegerChoices):
        NORMAL = 0, _("Normal")
        URGENT = 1, _("Urgent")

    edition = EditionField()
    text = models.CharField(
        _("text"),
        max_length=MAX_LENGTH,
        help_text=_(
            "One line of plain text, up to 280 characters. Start with the speaker or source and a colon "
            "to show it in bold, e.g. “Minister: talks resume on Monday”. Markup is removed."
        ),
    )
    article = models.ForeignKey(
        "articles.Article",
        verbose_name=_("linked article"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="breaking_items",
        help_text=_("Optional. Readers get the link only while the article is published in the same edition."),
    )
    priority = models.PositiveSmallIntegerField(
        _("priority"),
        choices=Priority.choices,
        default=Priority.NORMAL,
        help_text=_("Urgent items come first in the ticker and are highlighted."),
    )
    is_active = models.BooleanField(
        _("active"),
        default=True,
        help_text=_("Untick to take it off the ticker at once; tick again to bring it back before it expires."),
    )
    posted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("posted by"),
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
        help_text=_("Leaves the ticker by itself at this time (default 6 hours after posting)."),
    )

    objects = BreakingItemQuerySet.as_manager()

    class Meta:
        ordering = ["-posted_at"]
        verbose_name = _("breaking news item")
        verbose_name_plural = _("breaking news")
        indexes = [models.Index(fields=["edition", "is_active", "expires_at"], name="breaking_live")]
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(text=""),
                name="breaking_text_not_empty",
                violation_error_message=_("Write the news line: it is empty."),
            ),
            models.CheckConstraint(
                condition=models.Q(expires_at__gt=models.F("posted_at")),
                name="breaking_expires_after_posting",
                violation_error_message=_("The expiry must be after the time the item was posted."),
            ),
        ]

    def __str__(self):
        return self.text

    def save(self, *args, **kwargs):
        self.text = normalise_text(self.text)
        super().save(*args, **kwargs)

    def clean(self):
        self.text = normalise_text(self.text)
        errors = {}
        if not self.text:
            errors["text"] = _("Write the news line: it is empty (markup alone does not count).")
        elif len(self.text) > MAX_LENGTH:
            errors["text"] = _("Keep it to %(max)d characters: this one has %(count)d.") % {
                "max": MAX_LENGTH,
                "count": len(self.text),
            }
        elif self.edition:
            duplicate = (
                BreakingItem.objects.recent_duplicates_of(self.text, self.edition)
                .exclude(pk=self.pk)
                .order_by("-posted_at")
                .first()
            )
            if duplicate:
                errors["text"] = _(
                    "The same line was posted in this edition at %(time)s. "
                    "Edit that item, or wait ten minutes to post it again."
                ) % {"time": timezone.localtime(duplicate.posted_at).strftime("%H:%M")}
        if self.article_id and self.edition and self.article.edition != self.edition:
            errors["article"] = _("Link an article from the same edition as the item.")
        if self.expires_at and self.expires_at <= (self.posted_at or timezone.now()):
            errors["expires_at"] = _("The expiry must be after the time the item was posted.")
        if errors:
            raise ValidationError(errors)

    @property
    def is_live(self):
        return self.is_active and self.expires_at > timezone.now()

    @property
    def is_urgent(self):
        return self.priority == self.Priority.URGENT

    @property
    def attribution(self):
        """The speaker or source before the colon (“Taiwan’s President”), or ``""``."""
        match = ATTRIBUTION_RE.match(self.text)
        return match["attribution"].strip() if match else ""

    @property
    def statement(self):
        """The text after the attribution, or all of it when there is none."""
        match = ATTRIBUTION_RE.match(self.text)
        return match["statement"] if match else self.text

    def expire(self, now=None):
        """Take the item off the ticker now, keeping it in the archive."""
        now = now or timezone.now()
        # The database insists that expiry follows posting; an item expired in
        # the same instant it was posted gets the earliest time allowed.
        self.expires_at = max(now, self.posted_at + timedelta(microseconds=1))
        self.save(update_fields=["expires_at"])
