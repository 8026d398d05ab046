"""Briefing subscribers (double opt-in), the day's briefing per edition and whom it reached."""

import secrets

from django.db import models
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _

from editions.fields import EditionField
from tasks.site import site_url


def new_token():
    return secrets.token_urlsafe(32)


class SubscriberQuerySet(models.QuerySet):
    def confirmed(self):
        return self.filter(status=Subscriber.Status.CONFIRMED)


class Subscriber(models.Model):
    class Status(models.TextChoices):
        PENDING = "pending", _("Waiting for confirmation")
        CONFIRMED = "confirmed", _("Confirmed")
        UNSUBSCRIBED = "unsubscribed", _("Unsubscribed")

    email = models.EmailField(_("email address"))
    edition = EditionField()
    status = models.CharField(_("status"), max_length=12, choices=Status.choices, default=Status.PENDING)
    # Secret to the reader's mailbox: confirms and unsubscribes without a login.
    token = models.CharField(max_length=64, unique=True, default=new_token, editable=False)
    created_at = models.DateTimeField(_("subscribed"), default=timezone.now)
    confirmed_at = models.DateTimeField(_("confirmed"), null=True, blank=True)
    unsubscribed_at = models.DateTimeField(_("unsubscribed"), null=True, blank=True)

    objects = SubscriberQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("briefing subscriber")
        verbose_name_plural = _("briefing subscribers")
        constraints = [models.UniqueConstraint(fields=["email", "edition"], name="briefings_one_subscription")]

    def __str__(self):
        return f"{self.email} ({self.edition})"

    def link(self, name):
        with translation.override(self.edition):
            return site_url(reverse(f"briefings:{name}", args=[self.token]))

    def confirm(self):
        self.status, self.confirmed_at, self.unsubscribed_at = self.Status.CONFIRMED, timezone.now(), None
        self.save(update_fields=["status", "confirmed_at", "unsubscribed_at"])

    def unsubscribe(self):
        self.status, self.unsubscribed_at = self.Status.UNSUBSCRIBED, timezone.now()
        self.save(update_fields=["status", "unsubscribed_at"])


class Briefing(models.Model):
    edition = EditionField()
    date = models.DateField(_("date"), help_text=_("The morning it goes out, in the edition's time zone."))
    intro = models.TextField(_("introduction"), blank=True, help_text=_("Optional: a line or two from the desk."))
    stories = models.ManyToManyField(
        "articles.Article",
        through="BriefingStory",
        verbose_name=_("top stories"),
        blank=True,
        help_text=_("Leave empty to send the edition's Most Read."),
    )
    sent_at = models.DateTimeField(_("sent"), null=True, blank=True, editable=False)
    recipients = models.PositiveIntegerField(_("recipients"), default=0, editable=False)

    class Meta:
        ordering = ["-date", "edition"]
        verbose_name = _("briefing")
        verbose_name_plural = _("briefings")
        constraints = [models.UniqueConstraint(fields=["edition", "date"], name="briefings_one_per_day")]

    def __str__(self):
        return f"{self.edition} {self.date}"


class BriefingStory(models.Model):
    briefing = models.ForeignKey(Briefing, on_delete=models.CASCADE, related_name="picks")
    article = models.ForeignKey("articles.Article", verbose_name=_("article"), on_delete=models.CASCADE)
    position = models.PositiveSmallIntegerField(_("position"), default=0)

    class Meta:
        ordering = ["position", "pk"]
        verbose_name = _("top story")
        verbose_name_plural = _("top stories")

    def __str__(self):
        return str(self.article)


class Sending(models.Model):
    """One briefing sent to one subscriber: a rerun of the send skips whoever has a row."""

    briefing = models.ForeignKey(Briefing, on_delete=models.CASCADE, related_name="sendings")
    subscriber = models.ForeignKey(Subscriber, on_delete=models.CASCADE, related_name="+")
    sent_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["briefing", "subscriber"], name="briefings_sent_once")]

    def __str__(self):
        return f"{self.briefing} → {self.subscriber}"
