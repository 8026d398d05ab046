"""Date archives of sections, regions and tags: every public story reachable by links.

A listing goes back ``paginators.MAX_PAGES`` pages; below them it links to its months, from its
oldest story's month to this one (``navigation``). A month lists its stories a page at a time
and links to each of its days; a day lists its own. So any public story is a listing, a month
and perhaps a day away, however old and however busy its month. Months and days are the
edition's, in its time zone.

The months need only the subject's oldest publication time, kept in the cache for a day; the
newest month is the current one.
"""

import calendar
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from django.core.cache import cache
from django.http import Http404
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format

from editions import get_edition

from .templatetags.site import digits

OLDEST_SECONDS = 24 * 3600
FIRST_YEAR, LAST_YEAR = 1900, 9999


@dataclass(frozen=True)
class Period:
    """A month, or a day of it, in an edition's time zone."""

    year: int
    month: int
    day: int | None
    start: datetime
    end: datetime

    @property
    def label(self):
        when = date(self.year, self.month, self.day or 1)
        return digits(date_format(when, "DATE_FORMAT" if self.day else "YEAR_MONTH_FORMAT"))

    def args(self):
        return [f"{self.year:04d}", f"{self.month:02d}", *([f"{self.day:02d}"] if self.day else [])]


def period(edition, year, month, day=None):
    """The period an archive address names; 404 for months and days that do not exist or are to come."""
    year, month, day = int(year), int(month), int(day) if day else None
    if not (FIRST_YEAR <= year <= LAST_YEAR and 1 <= month <= 12):
        raise Http404("No such month.")
    if day and not 1 <= day <= calendar.monthrange(year, month)[1]:
        raise Http404("No such day.")
    zone = get_edition(edition).tzinfo
    start = datetime(year, month, day or 1, tzinfo=zone)
    if day:
        end = datetime.combine(start.date() + timedelta(days=1), start.time(), tzinfo=zone)
    else:
        end = datetime(year + month // 12, month % 12 + 1, 1, tzinfo=zone)
    if start > timezone.now():
        raise Http404("That date is still to come.")
    return Period(year, month, day, start, end)


def oldest(key, queryset):
    """When the subject's oldest public story came out (cached for a day), or None."""
    found = cache.get(key)
    if found is None:
        found = queryset.order_by("publish_at").values_list("publish_at", flat=True).first() or ""
        cache.set(key, found, OLDEST_SECONDS)
    return found or None


def navigation(edition, kind, subject_args, first, current=None):
    """Links to the subject's months (newest year first, each in calendar order) and, for a month, to its days."""
    zone = get_edition(edition).tzinfo
    now = timezone.localtime(timezone.now(), zone)
    first = timezone.localtime(first, zone) if first else now
    if current:
        first = min(first, current.start)

    def link(*args):
        return reverse(f"articles:{kind}-{'day' if len(args) == 3 else 'month'}", args=[*subject_args, *args])

    years = []
    for year in range(now.year, first.year - 1, -1):
        months = range(first.month if year == first.year else 1, (now.month if year == now.year else 12) + 1)
        years.append(
            {
                "year": digits(year),
                "months": [
                    {
                        "label": digits(date_format(date(year, month, 1), "F")),
                        "url": link(f"{year:04d}", f"{month:02d}"),
                        "current": bool(current and (current.year, current.month) == (year, month)),
                    }
                    for month in months
                ],
            }
        )
    context = {"years": years}
    if current and not current.day:
        last_day = calendar.monthrange(current.year, current.month)[1]
        if (current.year, current.month) == (now.year, now.month):
            last_day = now.day
        context["days"] = [
            {"label": digits(day), "url": link(*current.args(), f"{day:02d}")} for day in range(1, last_day + 1)
        ]
    if current:
        context["month_url"] = link(f"{current.year:04d}", f"{current.month:02d}")
    return context
