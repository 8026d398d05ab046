"""What the desk keeps about a story for itself: internal notes, never shown to readers or partners."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from articles.models import Article


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
