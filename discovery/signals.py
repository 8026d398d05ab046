"""Keep derived discovery data in step with articles: the search index and the sitemap months."""

from django.dispatch import receiver

from articles.events import article_changed, states

from .search import forget_article, index_article
from .sitemaps import month_start, refresh_month


def recount_months(*article_states):
    """Count again the sitemap months these states of an article belong to."""
    months = {
        (state.edition, month_start(state.publish_at))
        for state in article_states
        if state.seen_by_readers and state.publish_at
    }
    for edition, start in months:
        refresh_month(edition, start)


@receiver(article_changed)
def article_changed_(sender, article, before, after, part, **kwargs):
    if part is None and after is None:  # deleted for good
        forget_article(article.pk)
    elif part in {None, "tags"}:  # tags are searchable words
        index_article(article)
    if part in {None, "corrections"}:  # a correction dates its article's month
        # Where the article is now, and where it was until this change.
        recount_months(*states(before, after))
