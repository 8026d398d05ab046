"""Turn what happens to stories and breaking news into webhook events (``webhooks.events.emit``).

Stories (``articles.events.article_changed``):

- *published* when readers can first see it: at once, or at its publish time when scheduled
  (the event waits in the queue until then, and is dropped if the time moved);
- *updated* when a story readers can see is saved again;
- *unpublished* when a story readers could see is unpublished, trashed or deleted;
- *corrected* when a correction or clarification is added to or changed on a public story.

Changes to a story's tags, bylines, gallery and links come with a save of the story in the
admin, which announces them: they raise no event of their own.

Live stories (``live.events.live_post``): *live post* when a post is written on a story readers
can see (edits and deletions show on the story's page and feed, not as events).

Breaking news: *posted* when an item goes on the ticker, *expired* when it leaves it (at its
expiry time, or when an editor takes it off earlier).
"""

from django.db.models.signals import post_save, pre_save
from django.dispatch import receiver
from django.utils import timezone

from articles.events import article_changed
from breaking.models import BreakingItem
from live.events import live_post

from .events import emit
from .models import Event
from .payloads import article_reference


def readers_saw(state, now):
    return state is not None and state.is_public(now)


@receiver(article_changed, dispatch_uid="webhooks-article-changed")
def article_changed_(sender, article, before, after, part, **kwargs):
    now = timezone.now()
    visible_before, visible_after = readers_saw(before, now), readers_saw(after, now)
    if part == "corrections":
        if visible_after:
            emit(Event.CORRECTED, after.edition, "article", article.pk)
        return
    if part is not None:
        return
    going_live = after is not None and after.seen_by_readers and after.publish_at is not None
    if visible_after and visible_before:
        emit(Event.UPDATED, after.edition, "article", article.pk)
    elif (
        going_live
        and not visible_before
        and (visible_after or before is None or not before.seen_by_readers or before.publish_at != after.publish_at)
    ):
        # Live now, or scheduled (for the first time or for another time): announced when readers see it.
        at = None if visible_after else after.publish_at
        emit(Event.PUBLISHED, after.edition, "article", article.pk, at=at, expect=after.publish_at.isoformat())
    elif visible_before and not visible_after:
        emit(Event.UNPUBLISHED, before.edition, "article", article.pk, expect=article_reference(article))


def announce_expiry(item):
    emit(
        Event.BREAKING_EXPIRED,
        item.edition,
        "breaking",
        item.pk,
        at=item.expires_at,
        expect=item.expires_at.isoformat(),
    )


@receiver(pre_save, sender=BreakingItem, dispatch_uid="webhooks-breaking-changing")
def breaking_item_changing(sender, instance, raw=False, **kwargs):
    if raw or instance.pk is None:
        return
    stored = BreakingItem.objects.filter(pk=instance.pk).values("is_active", "expires_at").first()
    if stored is None:
        return
    if stored["is_active"] and not instance.is_active:
        emit(Event.BREAKING_EXPIRED, instance.edition, "breaking", instance.pk)
    elif instance.is_active and not stored["is_active"]:
        emit(Event.BREAKING_POSTED, instance.edition, "breaking", instance.pk)
        announce_expiry(instance)
    elif instance.is_active and stored["expires_at"] != instance.expires_at:
        announce_expiry(instance)


@receiver(post_save, sender=BreakingItem, dispatch_uid="webhooks-breaking-posted")
def breaking_item_posted(sender, instance, created, raw=False, **kwargs):
    if created and not raw and instance.is_active:
        emit(Event.BREAKING_POSTED, instance.edition, "breaking", instance.pk)
        announce_expiry(instance)


@receiver(live_post, dispatch_uid="webhooks-live-post")
def live_post_written(sender, post, story, action, **kwargs):
    if action == "posted" and story.article.is_public:
        emit(Event.LIVE_POST, story.article.edition, "live_post", post.pk)
