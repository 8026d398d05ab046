"""Readers' push subscriptions, the alerts Editors send, and the batches workers send them in.

An alert is about one *story*: an article, or a breaking item without one (an item linked to an
article is that article's story). The database allows one alert per story. Its audience is split
into batches of subscriptions (by id range); each batch remembers the last subscription it
reached, so a batch run again after a lost worker carries on where the acknowledged pushes
stopped instead of alerting readers twice.
"""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from editions.fields import EditionField

BATCH_SIZE = 500


class Subscription(models.Model):
    """One browser's subscription to one edition's alerts (what ``pushManager.subscribe`` gave it)."""

    edition = EditionField()
    endpoint = models.URLField(_("push service address"), max_length=1000, unique=True)
    p256dh = models.CharField(_("public key"), max_length=100)
    auth = models.CharField(_("authentication secret"), max_length=50)
    created_at = models.DateTimeField(_("subscribed"), default=timezone.now)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("push subscription")
        verbose_name_plural = _("push subscriptions")
        indexes = [models.Index(fields=["edition", "id"], name="push_subscription_edition")]

    def __str__(self):
        return f"{self.edition}: {self.endpoint[:60]}"

    def as_subscription_info(self):
        return {"endpoint": self.endpoint, "keys": {"p256dh": self.p256dh, "auth": self.auth}}


class Alert(models.Model):
    class Status(models.TextChoices):
        QUEUED = "queued", _("Queued")
        SENDING = "sending", _("Sending")
        SENT = "sent", _("Sent")

    edition = EditionField()
    article = models.OneToOneField(
        "articles.Article", verbose_name=_("article"), null=True, blank=True, on_delete=models.SET_NULL
    )
    breaking_item = models.OneToOneField(
        "breaking.BreakingItem", verbose_name=_("breaking item"), null=True, blank=True, on_delete=models.SET_NULL
    )
    title = models.CharField(_("title"), max_length=200)
    body = models.CharField(_("text"), max_length=300, blank=True)
    url = models.URLField(_("opens"), max_length=500)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.QUEUED)
    audience = models.PositiveIntegerField(_("audience"), default=0, help_text=_("Subscriptions when it was sent."))
    sent = models.PositiveIntegerField(_("delivered to push services"), default=0)
    gone = models.PositiveIntegerField(_("subscriptions gone"), default=0)
    failed = models.PositiveIntegerField(_("failed"), default=0)
    sent_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("sent by"), null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(_("created"), default=timezone.now)
    finished_at = models.DateTimeField(_("finished"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("push alert")
        verbose_name_plural = _("push alerts")
        permissions = [("send_alert", _("Can send push alerts"))]

    def __str__(self):
        return self.title


class AlertBatch(models.Model):
    alert = models.ForeignKey(Alert, on_delete=models.CASCADE, related_name="batches")
    first_id = models.BigIntegerField()
    last_id = models.BigIntegerField()
    # Every subscription up to this id was pushed (or found gone): a rerun starts after it.
    done_through = models.BigIntegerField(default=0)
    # Subscriptions whose push service failed for a passing reason: the batch's retry tries them again.
    retry_ids = models.JSONField(default=list)
    runs = models.PositiveSmallIntegerField(default=0)
    finished = models.BooleanField(default=False)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["alert", "first_id"], name="push_one_batch_per_range")]

    def __str__(self):
        return f"{self.alert}: {self.first_id}–{self.last_id}"
