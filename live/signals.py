"""Keep cached pages in step with live stories: a post renews only its story's pages.

Opening or closing a story changes its cards (the LIVE badge) and the edition's live page, so
``LiveStory`` renews its edition; a post (``events.live_post``) renews the story's page, its
updates, its feed and the live page, and nothing else in the edition.
"""

from django.urls import reverse
from django.utils.translation import override

from pagecache.generations import invalidate_paths
from pagecache.registry import shown_on_pages

from .events import live_post
from .models import LiveStory


def story_paths(story):
    with override(story.article.edition):
        index = reverse("live:index")
    return [story.article.get_absolute_url(), story.updates_url, story.feed_url, index]


def forget_story(sender, story, **kwargs):
    invalidate_paths(story_paths(story))


def connect():
    live_post.connect(forget_story, dispatch_uid="live-forget-story")
    shown_on_pages(LiveStory, editions=lambda story: [story.article.edition])
