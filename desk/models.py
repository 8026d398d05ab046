"""What the desk keeps about a story for itself: internal notes, never shown to readers or partners,
and the preview links editors send outside before a story is out."""

import secrets

from django.conf import settings
from django.core import signing
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from articles.models import Article


def _new_nonce():
    return secrets.token_urlsafe(16)


class StoryNote(models.Model):
    """A note on a story by someone on the desk (or an agency's editorial note): who, when, what.

    Not in the story's pages, feeds, API or exports: nothing public reads this model. Notes
    are a record, added and never edited; they go with their story.
    """

    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="desk_notes")
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("by"), null=True, blank=True, on_delete=models.SET_NULL
    )
    # Who wrote it when no one here did (an agency's editorial note).
    author_name = models.CharField(_("from"), max_length=150, blank=True)
    written_at = models.DateTimeField(_("written at"), auto_now_add=True)
    text = models.TextField(_("note"), max_length=10_000)

    class Meta:
        ordering = ["written_at", "pk"]
        verbose_name = _("internal note")
        verbose_name_plural = _("internal notes (the desk only: never shown to readers)")
        indexes = [models.Index(fields=["article", "written_at"], name="story_note_article")]

    def __str__(self):
        return self.text[:80]

    @property
    def writer(self):
        return str(self.author) if self.author else self.author_name


class AutosavedDraftQuerySet(models.QuerySet):
    def of(self, user, form, article):
        """The one copy of ``form`` that ``user`` is typing for ``article`` (None: a story not yet saved)."""
        return self.filter(user=user, form=form, article=article)


class AutosavedDraft(models.Model):
    """What someone had typed in a desk form, kept every few seconds while they type.

    A copy beside the story, never the story: saving it touches neither the article nor its
    published text and makes no revision. It brings the text back after a crashed browser, a
    closed tab, a lost connection or an expired session; the writer's next real save deletes it.
    One copy per user, form and story (and per user and form for a story not saved yet).
    """

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="autosaved_drafts")
    # Which desk form this is a copy of (``desk.autosave`` registers them: the article form, the live post form).
    form = models.SlugField(_("form"), max_length=30)
    article = models.ForeignKey(
        Article, null=True, blank=True, on_delete=models.CASCADE, related_name="autosaved_drafts"
    )
    # The form's fields as the browser would post them: {name: [value, ...]}.
    data = models.JSONField(_("form data"))
    saved_at = models.DateTimeField(_("saved at"), auto_now=True)

    objects = AutosavedDraftQuerySet.as_manager()

    class Meta:
        verbose_name = _("autosaved copy")
        verbose_name_plural = _("autosaved copies")
        constraints = [
            models.UniqueConstraint(
                fields=["user", "form", "article"],
                condition=models.Q(article__isnull=False),
                name="autosave_one_per_story",
            ),
            models.UniqueConstraint(
                fields=["user", "form"], condition=models.Q(article__isnull=True), name="autosave_one_per_new_story"
            ),
        ]

    def __str__(self):
        return f"{self.user} / {self.form} / {self.article_id or '-'}"


class PreviewLinkQuerySet(models.QuerySet):
    def active(self):
        """Links that still open their story: not withdrawn, not expired."""
        return self.filter(revoked_at__isnull=True, expires_at__gt=timezone.now())


class PreviewLink(models.Model):
    """A link that shows a story not yet public to someone without a login (a lawyer, a source).

    The address carries a signature of this row's id and random ``nonce`` (``token``), so it
    cannot be guessed or altered; the row decides whether it still works: it expires at
    ``expires_at`` and editors withdraw it (``revoked_at``). The page is the story's preview,
    kept out of search engines and every cache (``desk.preview_links.shared_preview``).
    """

    class Lifetime(models.IntegerChoices):
        ONE_DAY = 1, _("1 day")
        THREE_DAYS = 3, _("3 days")
        SEVEN_DAYS = 7, _("7 days")

    SALT = "desk.preview-link"

    article = models.ForeignKey(
        Article, verbose_name=_("story"), on_delete=models.CASCADE, related_name="preview_links"
    )
    recipient = models.CharField(
        _("for"),
        max_length=200,
        help_text=_("Who the link is for, as the desk will recognise it: “Our lawyer, M. Díaz”."),
    )
    nonce = models.CharField(max_length=32, default=_new_nonce, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("created by"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
        editable=False,
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    expires_at = models.DateTimeField(_("expires"), editable=False)
    revoked_at = models.DateTimeField(_("withdrawn"), null=True, blank=True, editable=False)
    revoked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("withdrawn by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        editable=False,
    )

    objects = PreviewLinkQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("preview link")
        verbose_name_plural = _("preview links")
        indexes = [models.Index(fields=["article", "expires_at"], name="preview_link_article")]

    def __str__(self):
        return _("%(story)s, for %(recipient)s") % {"story": self.article, "recipient": self.recipient}

    def get_absolute_url(self):
        return reverse("desk:shared-preview", kwargs={"token": self.token})

    @property
    def token(self):
        # No timestamp (unlike ``signing.dumps``): the row keeps the expiry, and the link stays the same one.
        return signing.Signer(salt=self.SALT).sign_object({"id": self.pk, "nonce": self.nonce})

    @classmethod
    def from_token(cls, token):
        """The row ``token`` was signed for, or None when it is forged, altered or its row is gone."""
        try:
            signed = signing.Signer(salt=cls.SALT).unsign_object(token)
        except signing.BadSignature:
            return None
        if not isinstance(signed, dict):
            return None
        return cls.objects.select_related("article").filter(pk=signed.get("id"), nonce=signed.get("nonce")).first()

    @property
    def is_expired(self):
        return self.expires_at <= timezone.now()

    @property
    def is_active(self):
        return self.revoked_at is None and not self.is_expired

    @property
    def ended(self):
        """Why the link no longer opens its story ("revoked", "expired", "deleted"); empty while it does."""
        if self.revoked_at:
            return "revoked"
        if self.is_expired:
            return "expired"
        return "deleted" if self.article.deleted_at else ""

    def revoke(self, user):
        if self.revoked_at is None:
            self.revoked_at, self.revoked_by = timezone.now(), user
            self.save(update_fields=["revoked_at", "revoked_by"])
