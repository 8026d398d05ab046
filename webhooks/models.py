"""Endpoints partners registered, the deliveries made to them and every attempt at each.

A *delivery* is one event for one endpoint: its body is built once, so every retry sends the
same bytes under the same idempotency id (``Delivery.id``). Each try is an ``Attempt`` row with
its time, answer code and the first kilobyte of the answer: the delivery log Admins read.
"""

import secrets
import uuid
from datetime import timedelta

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from editions import edition_codes

from .ssrf import ForbiddenTarget, check_url

# An endpoint every delivery to which failed for this long is switched off.
DISABLE_AFTER = timedelta(days=1)
RESPONSE_EXCERPT_BYTES = 1024


class Event(models.TextChoices):
    PUBLISHED = "article.published", _("Article published")
    UPDATED = "article.updated", _("Article updated")
    UNPUBLISHED = "article.unpublished", _("Article unpublished")
    CORRECTED = "article.corrected", _("Correction added")
    BREAKING_POSTED = "breaking.posted", _("Breaking news posted")
    BREAKING_EXPIRED = "breaking.expired", _("Breaking news expired")
    LIVE_POST = "live.post", _("Live blog post")
    PING = "ping", _("Test ping")


class PayloadFormat(models.TextChoices):
    API = "api", _("JSON API representation")
    NINJS = "ninjs", _("IPTC ninjs 3")


def new_secret():
    return "whsec_" + secrets.token_urlsafe(32)


class EndpointQuerySet(models.QuerySet):
    def active(self):
        return self.filter(is_active=True)

    def listening_to(self, event, edition):
        """Active endpoints that asked for ``event`` in ``edition`` (a short list, filtered here)."""
        return [
            endpoint
            for endpoint in self.active()
            if event in endpoint.events and (not edition or edition in endpoint.editions)
        ]


class Endpoint(models.Model):
    name = models.CharField(_("name"), max_length=100, help_text=_("Whose endpoint this is, e.g. “Partner app (iOS)”."))
    url = models.URLField(
        _("URL"),
        max_length=500,
        help_text=_("Where deliveries are POSTed: an https:// address on the partner's servers."),
    )
    secret = models.CharField(
        _("signing secret"),
        max_length=100,
        default=new_secret,
        help_text=_("Give it to the partner: every delivery is signed with it (Meridian-Signature header)."),
    )
    editions = models.JSONField(_("editions"), default=edition_codes)
    events = models.JSONField(_("events"), default=list)
    format = models.CharField(
        _("format"),
        max_length=10,
        choices=PayloadFormat.choices,
        default=PayloadFormat.API,
        help_text=_("How stories are represented in the body: as the JSON API gives them, or as ninjs."),
    )
    is_active = models.BooleanField(
        _("active"),
        default=True,
        help_text=_(
            "Switched off by itself after a day of failed deliveries; tick again once the partner has fixed it."
        ),
    )
    disabled_reason = models.TextField(_("why it was switched off"), blank=True, editable=False)
    failing_since = models.DateTimeField(_("failing since"), null=True, blank=True, editable=False)
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("owner"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_("Who looks after this endpoint; shown why it was switched off."),
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    objects = EndpointQuerySet.as_manager()

    class Meta:
        ordering = ["name"]
        verbose_name = _("webhook endpoint")
        verbose_name_plural = _("webhook endpoints")

    def __str__(self):
        return self.name

    def clean(self):
        if self.url:
            try:
                check_url(self.url)
            except ForbiddenTarget as exc:
                raise ValidationError({"url": exc.messages}) from exc

    def record_success(self):
        if self.failing_since is not None:
            Endpoint.objects.filter(pk=self.pk).update(failing_since=None)
            self.failing_since = None

    def record_failure(self, error, now=None):
        """Note a failed attempt; after a day of nothing but failures, switch the endpoint off. True if it was."""
        now = now or timezone.now()
        if self.failing_since is None:
            Endpoint.objects.filter(pk=self.pk, failing_since__isnull=True).update(failing_since=now)
            self.refresh_from_db(fields=["failing_since"])
        if self.is_active and now - self.failing_since >= DISABLE_AFTER:
            self.is_active = False
            self.disabled_reason = _(
                "Switched off on %(when)s: every delivery since %(since)s failed. Last error: %(error)s"
            ) % {
                "when": f"{now:%Y-%m-%d %H:%M} UTC",
                "since": f"{self.failing_since:%Y-%m-%d %H:%M} UTC",
                "error": error,
            }
            Endpoint.objects.filter(pk=self.pk).update(is_active=False, disabled_reason=self.disabled_reason)
            return True
        return False


class Delivery(models.Model):
    class Status(models.TextChoices):
        PENDING = "pending", _("Pending")
        DELIVERED = "delivered", _("Delivered")
        FAILED = "failed", _("Failed")
        CANCELLED = "cancelled", _("Cancelled (endpoint switched off)")

    id = models.UUIDField(_("idempotency id"), primary_key=True, default=uuid.uuid4, editable=False)
    endpoint = models.ForeignKey(
        Endpoint, verbose_name=_("endpoint"), on_delete=models.CASCADE, related_name="deliveries"
    )
    event = models.CharField(_("event"), max_length=40, choices=Event.choices)
    # The event occurrence (the fan-out task's id): one delivery per endpoint however often it is run.
    occurrence = models.CharField(_("occurrence"), max_length=64, editable=False)
    subject = models.CharField(_("subject"), max_length=100, help_text=_("What the event is about, e.g. article 123."))
    body = models.TextField(_("body"))
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.PENDING)
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    created_at = models.DateTimeField(_("created"), default=timezone.now, db_index=True)
    delivered_at = models.DateTimeField(_("delivered"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("webhook delivery")
        verbose_name_plural = _("webhook deliveries")
        constraints = [
            models.UniqueConstraint(fields=["endpoint", "occurrence"], name="webhooks_one_delivery_per_event")
        ]

    def __str__(self):
        return f"{self.event} → {self.endpoint}"


class Attempt(models.Model):
    delivery = models.ForeignKey(
        Delivery, verbose_name=_("delivery"), on_delete=models.CASCADE, related_name="attempt_log"
    )
    at = models.DateTimeField(_("time"), default=timezone.now)
    duration_ms = models.PositiveIntegerField(_("duration (ms)"), default=0)
    status_code = models.PositiveSmallIntegerField(_("response code"), null=True, blank=True)
    succeeded = models.BooleanField(_("succeeded"), default=False)
    error = models.CharField(_("error"), max_length=300, blank=True)
    response_excerpt = models.TextField(_("response (first 1 KB)"), blank=True)

    class Meta:
        ordering = ["at"]
        verbose_name = _("delivery attempt")
        verbose_name_plural = _("delivery attempts")

    def __str__(self):
        return f"{self.at:%Y-%m-%d %H:%M:%S} {self.status_code or self.error}"
