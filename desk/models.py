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
