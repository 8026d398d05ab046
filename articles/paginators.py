"""Page numbers for public listings whose cost does not grow with the archive."""

from django.core.paginator import Paginator
from django.db.models import QuerySet
from django.utils.functional import cached_property

# Listings go back this many pages; older stories are reached by search with dates,
# the sitemaps and the API's cursor.
MAX_PAGES = 50


def depth(per_page, pages=None):
    """How many items a bounded listing reads: one more than its pages show, so it can tell there are more."""
    return per_page * (pages or MAX_PAGES) + 1


def in_order(queryset, ids):
    """The rows of ``queryset`` with these ``ids``, in the ids' order; ids it no longer holds are left out.

    For pages worked out as ids first (a ranking, a sorted list) and then fetched whole.
    """
    found = queryset.in_bulk(ids)
    return [found[pk] for pk in ids if pk in found]


class BoundedPaginator(Paginator):
    """A ``Paginator`` that counts no further than ``max_pages`` full pages.

    Counting a section's or a search's every match costs more the bigger the
    archive; counting up to a bound costs the same with a thousand stories or a
    million. ``is_truncated`` says there is more than the pages show.
    """

    def __init__(self, object_list, per_page, max_pages=None, **kwargs):
        super().__init__(object_list, per_page, **kwargs)
        self.max_pages = max_pages or MAX_PAGES

    @property
    def limit(self):
        return self.per_page * self.max_pages

    @cached_property
    def counted(self):
        """How many items there are, up to one more than the pages hold.

        Order and annotations (a search's rank, say) do not change a count, so
        the counting query leaves them out. A list (of ids, say) is counted as it is.
        """
        if isinstance(self.object_list, QuerySet):
            return self.object_list.order_by().values("pk")[: self.limit + 1].count()
        return min(len(self.object_list), self.limit + 1)

    @property
    def is_truncated(self):
        return self.counted > self.limit

    @cached_property
    def count(self):
        return min(self.counted, self.limit)
