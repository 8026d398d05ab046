"""Teaser cards of stories, shared by every page that shows the same story (the article page's).

The ids are the page's own, found afresh each time (visibility included); a card's HTML, address
and headline are the story's, kept under its keys (``card_keys``) and drawn again when one moves.
The card is drawn by ``articles``' ``{% card %}`` (``draw``), which gives a kept card back as it
was drawn (``DrawnCard.drawn_as``).
"""

from django.utils import timezone
from django.utils.translation import get_language

from editions import get_edition
from media.models import prefetch_renditions_of
from pagecache.generations import edition_key

from . import shared

VERSION = 1  # of the cards' HTML: a new one draws every card afresh
# As ``article_detail.html`` and ``includes/most_read.html`` draw each place; None: a link, no card.
STYLES = {
    "coverage": {"level": 4},
    "read_next": {},
    "most_read": {"variant": "mini", "label": "region", "sizes": "96px"},
}


class DrawnCard:
    def __init__(self, pk, place, edition, url, headline, html):
        self.pk, self.place, self.edition, self.url, self.headline, self.html = pk, place, edition, url, headline, html

    def get_absolute_url(self):
        return self.url

    def drawn_as(self, options):
        """The HTML for ``{% card %}``, which must ask for the card as it was drawn."""
        if options != STYLES.get(self.place):
            raise ValueError(f"{self.place} cards are drawn with {STYLES.get(self.place)}, not {options}")
        return self.html


def card_keys(article):
    """What a card shows: the story, its picture or its video's poster, the menus' labels (the edition)."""
    video = (f"video-{article.video_id}", f"photo-{article.video.poster_id}") if article.video_id else ()
    photo = (f"photo-{article.hero_photo_id}",) if article.hero_photo_id else ()
    return {f"article-{article.pk}", edition_key(get_language()), *photo, *video}


def drawn_cards(public, wanted, draw_card, photos=()):
    """``{place: [ids]}`` gives ``{place: [DrawnCard]}``; ids ``public`` no longer holds are dropped.

    ``public``: the stories that may be shown (an ``ArticleQuerySet``); ``draw_card(article, **style)``
    draws one card; ``photos``: the page's other pictures, whose renditions come with the missing
    cards' rows.
    """
    language = get_language()
    names = {(place, pk): f"card:v{VERSION}:{language}:{place}:{pk}" for place, ids in wanted.items() for pk in ids}
    places = {name: place_pk for place_pk, name in names.items()}

    def draw(missing):
        rows = {}
        for name in missing:
            rows.setdefault(places[name][0], []).append(places[name][1])
        drawn = {}
        with timezone.override(get_edition(language).tzinfo):  # as the page's frame sets it
            for place, articles in public.cards_by_id(rows, photos=pictures).items():
                for article in articles:
                    html = draw_card(article, **STYLES[place]) if place in STYLES else ""
                    value = (article.edition, article.get_absolute_url(), article.headline, html)
                    drawn[names[place, article.pk]] = (value, card_keys(article))
        pictures.clear()  # their renditions came with the cards'
        return drawn

    pictures = [photo for photo in photos if photo is not None]
    likely = [edition_key(language), *(f"article-{pk}" for _place, pk in names)]
    found = shared(names.values(), draw, likely=likely)
    prefetch_renditions_of(pictures)  # when every card came from the cache
    return {
        place: [DrawnCard(pk, place, *found[names[place, pk]]) for pk in ids if names[place, pk] in found]
        for place, ids in wanted.items()
    }
