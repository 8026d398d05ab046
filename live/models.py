"""Live stories and their posts.

A live story is an ordinary ``Article`` (headline, standfirst, section, tags, bylines, main photo,
the publishing workflow) with a one-to-one ``LiveStory`` record that makes it live coverage: open or
closed, when coverage started and ended, and in which order readers get the posts. Its posts are
``LivePost`` rows; deleting one keeps it (``deleted_at``) and its history (django-reversion).
"""

import reversion
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import override

from articles.models import Article, Author
from articles.sanitize import sanitize_html

from .events import live_post


class LiveStoryQuerySet(models.QuerySet):
    def open(self):
        """Covered now: readers see the LIVE badge and new posts arrive."""
        return self.filter(closed_at__isnull=True)

    def public(self):
        """Live stories whose article readers may see (``Article.objects.public()``)."""
        return self.filter(article__in=Article.objects.public())


class LiveStory(models.Model):
    class Order(models.TextChoices):
        NEWEST = "newest", _("Newest first")
        OLDEST = "oldest", _("Oldest first")

    article = models.OneToOneField(
        Article,
        verbose_name=_("story"),
        on_delete=models.CASCADE,
        primary_key=True,
        related_name="live_story",
        help_text=_("The article readers open: its headline, standfirst, photo and bylines head the posts."),
    )
    started_at = models.DateTimeField(
        _("coverage started"), default=timezone.now, help_text=_("Shown to readers and search engines.")
    )
    closed_at = models.DateTimeField(
        _("coverage ended"),
        null=True,
        blank=True,
        help_text=_("Set it to close the story: it shows “Coverage ended”, loses its LIVE badge and takes no posts."),
    )
    order = models.CharField(
        _("order of posts"),
        max_length=6,
        choices=Order.choices,
        default=Order.NEWEST,
        help_text=_("Newest first suits breaking events; oldest first suits a match or a count told as a story."),
    )

    objects = LiveStoryQuerySet.as_manager()

    class Meta:
        verbose_name = _("live story")
        verbose_name_plural = _("live stories")
        ordering = ["-started_at"]
        indexes = [models.Index(fields=["closed_at", "started_at"], name="live_story_open")]

    def __str__(self):
        return self.article.headline

    def get_absolute_url(self):
        return self.article.get_absolute_url()

    @property
    def is_open(self):
        return self.closed_at is None

    def clean(self):
        if self.closed_at and self.closed_at < self.started_at:
            raise ValidationError({"closed_at": _("Coverage cannot end before it started.")})

    def url(self, name, *args):
        """An address of this story's own pages (``updates``, ``feed``, ``post``) in its edition."""
        with override(self.article.edition):
            return reverse(f"live:{name}", args=[self.pk, *args])

    @property
    def updates_url(self):
        return self.url("updates")

    @property
    def feed_url(self):
        return self.url("feed")

    def is_reporter(self, user):
        """Bylined on the story (through their author record) or its creator: they may post."""
        if not user.is_authenticated:
            return False
        return self.article.created_by_id == user.pk or self.article.authors.filter(user=user).exists()

    def can_post(self, user):
        if not self.is_open or not user.has_perm("live.add_livepost"):
            return False
        return user.has_perm("live.change_livepost") or self.is_reporter(user)

    def visible_posts(self):
        return self.posts.filter(deleted_at__isnull=True)

    def posts_for_readers(self):
        """The posts in the story's order, with their authors; pinned posts are shown apart."""
        order = ["posted_at", "pk"] if self.order == self.Order.OLDEST else ["-posted_at", "-pk"]
        return self.visible_posts().select_related("author").order_by(*order)


class LivePostQuerySet(models.QuerySet):
    def visible(self):
        return self.filter(deleted_at__isnull=True)


@reversion.register()
class LivePost(models.Model):
    story = models.ForeignKey(LiveStory, verbose_name=_("live story"), on_delete=models.CASCADE, related_name="posts")
    posted_at = models.DateTimeField(_("time"), default=timezone.now, db_index=True)
    author = models.ForeignKey(
        Author,
        verbose_name=_("author"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="live_posts",
        help_text=_("Shown with the post."),
    )
    title = models.CharField(_("title"), max_length=200, blank=True)
    body = models.TextField(_("text"), help_text=_("Cleaned of unsafe markup when saved."))
    key_event = models.BooleanField(
        _("key event"), default=False, help_text=_("Listed under “Key events” at the top of the story.")
    )
    pinned = models.BooleanField(
        _("pinned"), default=False, help_text=_("Shown first, above the other posts. One post at a time.")
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
    edited_at = models.DateTimeField(_("updated"), null=True, blank=True, editable=False)
    deleted_at = models.DateTimeField(_("deleted"), null=True, blank=True, editable=False)

    objects = LivePostQuerySet.as_manager()

    class Meta:
        verbose_name = _("live post")
        verbose_name_plural = _("live posts")
        ordering = ["-posted_at", "-pk"]
        indexes = [models.Index(fields=["story", "deleted_at", "posted_at"], name="live_post_story_time")]
        constraints = [
            models.UniqueConstraint(fields=["story"], condition=models.Q(pinned=True), name="live_one_pinned_post")
        ]

    def __str__(self):
        return self.title or self.body[:60]

    def save(self, *args, **kwargs):
        self.body = sanitize_html(self.body)
        adding = self._state.adding
        if not adding and self.deleted_at is None:
            stored = LivePost.objects.filter(pk=self.pk).values_list("title", "body").first()
            if stored != (self.title, self.body):  # the words changed, not just a flag: "Updated HH:MM"
                self.edited_at = timezone.now()
        with transaction.atomic():
            if self.pinned:  # one at a time: pinning this one unpins the last
                LivePost.objects.filter(story_id=self.story_id, pinned=True).exclude(pk=self.pk).update(pinned=False)
            super().save(*args, **kwargs)
        action = "posted" if adding else "deleted" if self.deleted_at else "edited"
        live_post.send(LivePost, post=self, story=self.story, action=action)

    def get_absolute_url(self):
        return self.story.url("post", self.pk)

    def delete_for_readers(self):
        """Take the post off the story; the row and its history stay."""
        self.deleted_at = timezone.now()
        self.pinned = False
        self.save()

    @property
    def anchor(self):
        return f"post-{self.pk}"
