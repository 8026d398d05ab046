"""Keep cached pages in step with live stories: a post renews only its story's pages.

Opening or closing a story changes its cards (the LIVE badge), its page and the edition's live
page, so ``LiveStory`` renews its story's key and the live page's list; a post
(``events.live_post``) renews the story's page, its updates, its feed and the live page, and
nothing else in the edition.
"""

from django.db.models.signals import post_delete, post_save
from django.urls import reverse
from django.utils.translation import override

from articles.pagekeys import article
from pagecache.generations import invalidate_keys, invalidate_paths

from .events import live_post
from .models import LiveStory


def story_paths(story):
    with override(story.article.edition):
        index = reverse("live:index")
    return [story.article.get_absolute_url(), story.updates_url, story.feed_url, index]


def open_stories_key(edition):
    """The live page's list of open stories (``views.live_index``)."""
    return f"live-{edition}"


def forget_story(sender, story, **kwargs):
    invalidate_paths(story_paths(story))


def story_changed(sender, instance, raw=False, **kwargs):
    if not raw:  # a restore clears the whole cache when done (backups)
        invalidate_keys([article(instance.pk), open_stories_key(instance.article.edition)])


def connect():
    live_post.connect(forget_story, dispatch_uid="live-forget-story")
    post_save.connect(story_changed, sender=LiveStory, dispatch_uid="live-story-saved")
    post_delete.connect(story_changed, sender=LiveStory, dispatch_uid="live-story-deleted")
