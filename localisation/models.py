"""Which story a translation was made from, and which version of it the translation follows.

When the source changes after that (its ``version`` moves on), the translation's list row and
form say "source updated since", with what changed in its text, until a translator marks the
translation as caught up (``TranslationSource.follow``).
"""

from difflib import SequenceMatcher

from django.conf import settings
from django.db import models
from django.utils.html import strip_tags
from django.utils.translation import gettext_lazy as _
from reversion.models import Version

from articles.models import Article

# The source's text a translator follows, in the order the form shows it.
FOLLOWED_FIELDS = ("headline", "standfirst", "body", "summary_points")
# Unchanged words kept either side of a change, so a long body's diff stays readable.
CONTEXT_WORDS = 8


class TranslationSourceQuerySet(models.QuerySet):
    def behind(self):
        """Translations whose source changed after the version they follow."""
        return self.filter(source__version__gt=models.F("source_version"))

    def keep_up_with_unchanged_words(self, source):
        """After a save of ``source`` that left the followed words as a translation has them
        (its status, time or section changed, or a change was undone), that translation is
        still current: it follows the new version. One query when nothing follows ``source``.
        """
        behind = self.filter(source=source, source_version__lt=source.version).select_related("source_revision")
        current = [followed.pk for followed in behind if followed.words_unchanged(source)]
        if current:
            self.filter(pk__in=current).update(source_version=source.version)


class TranslationSource(models.Model):
    translation = models.OneToOneField(Article, on_delete=models.CASCADE, related_name="translation_source")
    source = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="translations_made")
    source_version = models.PositiveIntegerField(
        _("source version followed"), help_text="The source's version when the translation last caught up with it."
    )
    # That version's revision, for the diff (None when the source had no revision then).
    source_revision = models.ForeignKey(Version, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    followed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    followed_at = models.DateTimeField(auto_now=True)

    objects = TranslationSourceQuerySet.as_manager()

    class Meta:
        verbose_name = _("translation source")
        verbose_name_plural = _("translation sources")

    def __str__(self):
        return f"{self.translation_id} from {self.source_id} v{self.source_version}"

    @property
    def source_updated(self):
        return self.source.version > self.source_version

    def follow(self, user=None):
        """The translation has caught up with the source as it is now."""
        self.source_version = self.source.version
        self.source_revision = Version.objects.get_for_object(self.source).order_by("-pk").first()
        self.followed_by = user
        self.save()

    def words_unchanged(self, source):
        """Whether ``source`` (this translation's source, as it is now) has the words of the version followed."""
        if self.source_revision is None:
            return False
        before = self.source_revision.field_dict
        return all(words(before.get(name)) == words(getattr(source, name)) for name in FOLLOWED_FIELDS)

    def source_changes(self):
        """``(field label, [(kind, words)])`` for each followed field whose text changed since the version followed.

        ``kind`` is ``"same"``, ``"removed"`` or ``"added"``; None when the history lacks that version.
        """
        if self.source_revision is None:
            return None
        before = self.source_revision.field_dict
        changes = []
        for name in FOLLOWED_FIELDS:
            old, new = words(before.get(name)), words(getattr(self.source, name))
            if old != new:
                label = Article._meta.get_field(name).verbose_name
                changes.append((label, word_changes(" ".join(old), " ".join(new))))
        return changes


def words(text):
    """The words of a followed field, markup left out."""
    return strip_tags(text or "").split()


def word_changes(old, new):
    """The words of ``old`` turned into ``new``: runs of unchanged, removed and added words.

    A long unchanged run keeps a few words next to each change and "…" for the rest.
    """
    a, b = old.split(), new.split()
    opcodes = SequenceMatcher(None, a, b, autojunk=False).get_opcodes()
    runs = []
    for index, (op, a1, a2, b1, b2) in enumerate(opcodes):
        if op == "equal":
            runs.append(("same", " ".join(shortened(a[a1:a2], first=index == 0, last=index == len(opcodes) - 1))))
            continue
        if a1 < a2:
            runs.append(("removed", " ".join(a[a1:a2])))
        if b1 < b2:
            runs.append(("added", " ".join(b[b1:b2])))
    return runs


def shortened(words, first, last):
    """``words`` less their middle: only the ends that touch a change are kept."""
    if len(words) <= 2 * CONTEXT_WORDS:
        return words
    head = [] if first else words[:CONTEXT_WORDS]
    tail = [] if last else words[-CONTEXT_WORDS:]
    return [*head, "…", *tail]
