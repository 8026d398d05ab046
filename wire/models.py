"""Agency deliveries: who may send (``AgencyToken``) and what was received (``WireItem``)."""

import hashlib
import secrets

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

TOKEN_PREFIX_LENGTH = 8


def hash_token(token):
    """Tokens are long random strings, so one SHA-256 round is enough (no password stretching needed)."""
    return hashlib.sha256(token.encode()).hexdigest()


class AgencyTokenQuerySet(models.QuerySet):
    def active(self):
        return self.filter(revoked_at__isnull=True)

    def authenticate(self, token):
        """The active token matching ``token``, or None."""
        if not token:
            return None
        return self.active().select_related("source").filter(token_hash=hash_token(token)).first()


class AgencyToken(models.Model):
    """A secret an agency's system sends to POST items to /api/v1/ingest/.

    Only a hash is stored: the token is shown once, when it is created. Revoke a
    leaked token and create another; items already received stay.
    """

    source = models.ForeignKey(
        "articles.Source",
        verbose_name=_("agency"),
        on_delete=models.CASCADE,
        related_name="agency_tokens",
        help_text=_("Stories delivered with this token are credited to this source unless they name another."),
    )
    name = models.CharField(
        _("label"), max_length=100, help_text=_("What uses it, e.g. “AP feed server”. For your records.")
    )
    prefix = models.CharField(_("starts with"), max_length=TOKEN_PREFIX_LENGTH, editable=False)
    token_hash = models.CharField(max_length=64, unique=True, editable=False)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    last_used_at = models.DateTimeField(_("last used"), null=True, blank=True, editable=False)
    revoked_at = models.DateTimeField(
        _("revoked"), null=True, blank=True, editable=False, help_text=_("A revoked token is refused at once.")
    )

    objects = AgencyTokenQuerySet.as_manager()

    class Meta:
        ordering = ["source__name", "-created_at"]
        verbose_name = _("agency token")
        verbose_name_plural = _("agency tokens")

    def __str__(self):
        return f"{self.source} – {self.name} ({self.prefix}…)"

    def set_new_token(self):
        """Give this row a fresh secret and return it; call ``save()`` afterwards."""
        token = secrets.token_urlsafe(32)
        self.prefix = token[:TOKEN_PREFIX_LENGTH]
        self.token_hash = hash_token(token)
        return token

    @classmethod
    def issue(cls, source, name):
        """Create a token for ``source``; returns ``(row, plaintext token)``."""
        row = cls(source=source, name=name)
        token = row.set_new_token()
        row.save()
        return row, token

    @property
    def is_active(self):
        return self.revoked_at is None

    def revoke(self):
        self.revoked_at = timezone.now()
        self.save(update_fields=["revoked_at"])

    def touch(self):
        """Record use, at most once a minute so busy feeds do not write on every request."""
        now = timezone.now()
        if self.last_used_at is None or (now - self.last_used_at).total_seconds() > 60:
            AgencyToken.objects.filter(pk=self.pk).update(last_used_at=now)
            self.last_used_at = now


class WireItem(models.Model):
    """The last accepted version of an agency item, and what it became.

    Identity is the item's ``uri`` (or the agency's guid when it sends one);
    the stored version decides whether a new delivery is the same, newer or
    older, whichever format (ninjs, NewsML-G2, NITF, a feed) carried it. The
    item is kept as received for editors and audits (``raw``: the ninjs JSON, or
    ``{"xml": ...}``), with what the desk sorts and reads by: headline, language,
    urgency, genre, and the agency's note.
    """

    class Kind(models.TextChoices):
        ARTICLE = "article", _("Article")
        PHOTO = "photo", _("Photo")

    class Format(models.TextChoices):
        NINJS = "ninjs", "ninjs"
        NEWSML = "newsml-g2", "NewsML-G2"
        NITF = "nitf", "NITF"
        FEED = "feed", _("RSS/Atom feed")

    identity = models.CharField(_("identity (uri or guid)"), max_length=500, unique=True)
    uri = models.CharField(_("uri"), max_length=500)
    version = models.CharField(_("version"), max_length=50, blank=True)
    version_created = models.DateTimeField(_("version created"), null=True, blank=True)
    content_hash = models.CharField(max_length=64, editable=False)
    format = models.CharField(_("format"), max_length=10, choices=Format.choices, default=Format.NINJS)
    generation = models.CharField(_("ninjs generation"), max_length=3, blank=True)
    kind = models.CharField(_("became"), max_length=10, choices=Kind.choices)
    article = models.ForeignKey(
        "articles.Article",
        verbose_name=_("article"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="wire_items",
    )
    photo = models.ForeignKey(
        "articles.Photo",
        verbose_name=_("photo"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    source = models.ForeignKey(
        "articles.Source",
        verbose_name=_("delivered by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="wire_items",
    )
    headline = models.CharField(_("headline"), max_length=255, blank=True)
    language = models.CharField(_("language"), max_length=20, blank=True)
    urgency = models.PositiveSmallIntegerField(
        _("urgency"), null=True, blank=True, help_text=_("The agency's: 1 is the most urgent, 9 the least.")
    )
    genre = models.CharField(_("genre"), max_length=100, blank=True)
    pubstatus = models.CharField(_("publication status"), max_length=12, default="usable")
    embargoed_until = models.DateTimeField(_("embargoed until"), null=True, blank=True)
    ed_note = models.TextField(
        _("note from the agency"),
        blank=True,
        help_text=_("The agency's editorial note (edNote, ed-msg) for the desk; never published."),
    )
    creditline = models.CharField(_("credit line"), max_length=255, blank=True)
    copyright_notice = models.CharField(_("copyright notice"), max_length=500, blank=True)
    received_at = models.DateTimeField(_("received"), default=timezone.now)
    raw = models.JSONField(_("item as received"))

    class Meta:
        ordering = ["-received_at"]
        indexes = [models.Index(fields=["source", "-received_at"]), models.Index(fields=["language", "-received_at"])]
        verbose_name = _("wire item")
        verbose_name_plural = _("wire items")

    def __str__(self):
        return self.identity
