"""An Atom feed of a live story's posts, newest first, for feed readers and partners."""

from django.contrib.syndication.views import Feed
from django.utils.feedgenerator import Atom1Feed
from django.utils.html import strip_tags
from django.utils.text import Truncator

from .views import story_in_edition

FEED_SIZE = 50
TITLE_CHARS = 110


class LivePostsFeed(Feed):
    feed_type = Atom1Feed

    def get_object(self, request, story_id):
        return story_in_edition(story_id)

    def title(self, story):
        return story.article.headline

    def subtitle(self, story):
        return story.article.standfirst

    def link(self, story):
        return story.article.get_absolute_url()

    def feed_url(self, story):
        return story.url("feed")

    def items(self, story):
        return story.posts_for_readers().order_by("-posted_at", "-pk")[:FEED_SIZE]

    def item_title(self, post):
        return post.title or Truncator(strip_tags(post.body)).chars(TITLE_CHARS)

    def item_description(self, post):
        return post.body  # sanitised when saved

    def item_link(self, post):
        return post.get_absolute_url()

    def item_guid(self, post):
        return post.get_absolute_url()

    def item_author_name(self, post):
        return post.author.name if post.author else None

    def item_pubdate(self, post):
        return post.posted_at

    def item_updateddate(self, post):
        return post.edited_at or post.posted_at
