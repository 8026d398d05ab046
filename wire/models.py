"""Agency deliveries: who may send (``AgencyToken``), where copy is fetched from (``WireSource``,
``WireRun``) and what was received (``WireItem``)."""

import hashlib
import secrets
from datetime import timedelta

from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
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
        "media.Photo",
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
    applied_version = models.CharField(
        _("version in the draft"),
        max_length=50,
        blank=True,
        help_text=_(
            "The agency version the article was last made from; older than “version” when the desk had "
            "already published and the agency updated the item since."
        ),
    )

    class Meta:
        ordering = ["-received_at"]
        indexes = [models.Index(fields=["source", "-received_at"]), models.Index(fields=["language", "-received_at"])]
        verbose_name = _("wire item")
        verbose_name_plural = _("wire items")

    def __str__(self):
        return self.identity

    @property
    def updated_since_draft(self):
        """The agency sent a version the article does not have (it was no longer a draft to overwrite)."""
        return bool(self.article_id and self.version_label != self.applied_version)

    @property
    def version_label(self):
        """The version as the desk reads it: the agency's number, else its time."""
        if self.version:
            return self.version
        return self.version_created.isoformat() if self.version_created else ""


class WireItemVersion(models.Model):
    """Every version of an agency item the desk accepted, oldest first: what arrived, when, and what it did."""

    class Outcome(models.TextChoices):
        APPLIED = "applied", _("applied")
        KEPT = "kept", _("kept for the desk")

    item = models.ForeignKey(WireItem, verbose_name=_("wire item"), on_delete=models.CASCADE, related_name="versions")
    version = models.CharField(_("version"), max_length=50, blank=True)
    version_created = models.DateTimeField(_("version created"), null=True, blank=True)
    received_at = models.DateTimeField(_("received"), default=timezone.now)
    headline = models.CharField(_("headline"), max_length=255, blank=True)
    pubstatus = models.CharField(_("publication status"), max_length=12, default="usable")
    outcome = models.CharField(_("outcome"), max_length=10, choices=Outcome.choices, default=Outcome.APPLIED)
    raw = models.JSONField(_("item as received"))

    class Meta:
        ordering = ["item", "received_at", "pk"]
        verbose_name = _("version")
        verbose_name_plural = _("versions")

    def __str__(self):
        return f"{self.item} v{self.version}"


class WireSourceQuerySet(models.QuerySet):
    def due(self, now=None):
        """Active sources whose next run time has come."""
        now = now or timezone.now()
        return self.filter(active=True).filter(models.Q(next_run_at__isnull=True) | models.Q(next_run_at__lte=now))


class WireSource(models.Model):
    """Where agency copy is fetched from: a feed polled over HTTP, or a folder that an FTP/SFTP server fills.

    Each source runs on its own task on the queue (``wire.tasks``), so a slow or
    broken one never holds up the others; failures back off (the interval doubled
    per consecutive failure, at most ``MAX_BACKOFF``), and each run is recorded
    (``WireRun``).
    """

    class Kind(models.TextChoices):
        NINJS = "ninjs", _("ninjs JSON over HTTP")
        NEWSML = "newsml", _("NewsML-G2 or NITF over HTTP")
        FEED = "feed", _("RSS/Atom feed with full text")
        FOLDER = "folder", _("Drop folder")

    MAX_BACKOFF = timedelta(hours=6)

    name = models.CharField(_("name"), max_length=100, unique=True)
    agency = models.ForeignKey(
        "articles.Source",
        verbose_name=_("agency"),
        on_delete=models.PROTECT,
        related_name="wire_sources",
        help_text=_("Stories from here are credited to this agency unless they name another."),
    )
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices)
    url = models.URLField(_("address"), max_length=1000, blank=True, help_text=_("For feeds: what to fetch."))
    folder = models.CharField(
        _("folder"),
        max_length=500,
        blank=True,
        help_text=_("For drop folders: the directory files arrive in. Ingested files move to done/ or failed/ in it."),
    )
    interval = models.PositiveIntegerField(_("interval (minutes)"), default=5, validators=[MinValueValidator(1)])
    username = models.CharField(_("user name"), max_length=200, blank=True, help_text=_("HTTP basic authentication."))
    password = models.CharField(_("password"), max_length=500, blank=True)
    token = models.CharField(
        _("bearer token"), max_length=500, blank=True, help_text=_("Sent as “Authorization: Bearer …” instead.")
    )
    section = models.ForeignKey(
        "taxonomy.Section",
        verbose_name=_("section"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_("Where new drafts are filed; empty for the default wire section."),
    )
    active = models.BooleanField(_("active"), default=True)
    # What the last fetch said, for conditional GET.
    etag = models.CharField(max_length=500, blank=True, editable=False)
    last_modified = models.CharField(max_length=100, blank=True, editable=False)
    failures = models.PositiveIntegerField(_("failures in a row"), default=0, editable=False)
    next_run_at = models.DateTimeField(_("next run"), null=True, blank=True, editable=False)

    objects = WireSourceQuerySet.as_manager()

    class Meta:
        ordering = ["name"]
        verbose_name = _("wire source")
        verbose_name_plural = _("wire sources")

    def __str__(self):
        return self.name

    def clean(self):
        if self.kind == self.Kind.FOLDER and not self.folder:
            raise ValidationError({"folder": _("A drop folder needs its directory.")})
        if self.kind != self.Kind.FOLDER and not self.url:
            raise ValidationError({"url": _("A feed needs its address.")})

    def delay_after(self, failed):
        """How long until the next run: the interval, doubled for each failure in a row, capped."""
        interval = timedelta(minutes=self.interval)
        if not failed:
            return interval
        return min(interval * 2 ** min(self.failures, 16), max(self.MAX_BACKOFF, interval))


class WireRun(models.Model):
    """One run of a source: when, what it found, and what went wrong."""

    class Status(models.TextChoices):
        OK = "ok", _("ingested")
        NOT_MODIFIED = "not-modified", _("nothing new")
        PARTIAL = "partial", _("some items refused")
        FAILED = "failed", _("failed")

    source = models.ForeignKey(WireSource, verbose_name=_("source"), on_delete=models.CASCADE, related_name="runs")
    started_at = models.DateTimeField(_("started"), default=timezone.now)
    finished_at = models.DateTimeField(_("finished"), null=True, blank=True)
    status = models.CharField(_("status"), max_length=12, choices=Status.choices, default=Status.OK)
    files = models.PositiveIntegerField(_("files"), default=0)
    created = models.PositiveIntegerField(_("new"), default=0)
    updated = models.PositiveIntegerField(_("updated"), default=0)
    unchanged = models.PositiveIntegerField(_("unchanged"), default=0)
    ignored = models.PositiveIntegerField(_("ignored"), default=0)
    rejected = models.PositiveIntegerField(_("refused"), default=0)
    error = models.TextField(_("error"), blank=True)
    problems = models.JSONField(_("refused items"), default=list, blank=True)

    class Meta:
        ordering = ["-started_at"]
        indexes = [models.Index(fields=["source", "-started_at"])]
        verbose_name = _("wire run")
        verbose_name_plural = _("wire runs")

    def __str__(self):
        return f"{self.source} {self.started_at:%Y-%m-%d %H:%M}"
