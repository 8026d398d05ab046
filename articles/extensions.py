"""What apps above ``articles`` add to its cards and story pages, without ``articles`` importing them.

An app registers, in its ``AppConfig.ready``:

- ``annotate(name, expression)``: a value every card and story query carries (``for_cards``), so a
  page of cards learns it in the query it already makes (live coverage: is this story live now?);
- ``badge(name, css_class, label)``: a card whose ``name`` value is true shows this badge;
- ``story_page(name, view, related=())``: a story whose ``name`` value is true is served by
  ``view(request, article)`` instead of the plain article page (a live story's page of posts);
  ``related`` names one-to-one rows the story's query joins (``for_detail``) for that view;
- ``desk_search(find)``: ``find(queryset, words)`` gives the stories of ``queryset`` matching
  ``words`` (any status, any edition), a bounded number of them: the desk's search box asks it
  rather than reading every story's text.
"""

_annotations = {}
_related = []
_badges = []
_story_pages = []
_desk_search = []


def annotate(name, expression):
    _annotations[name] = expression


def annotations():
    return dict(_annotations)


def badge(name, css_class, label):
    _badges.append((name, css_class, label))


def badges_of(article):
    """The registered badges this article's values call for, as (css class, label) pairs."""
    return [(css_class, label) for name, css_class, label in _badges if getattr(article, name, False)]


def story_page(name, view, related=()):
    _story_pages.append((name, view))
    _related.extend(related)


def related():
    return list(_related)


def story_view(article):
    """The view that serves this story's page in place of the article page, or None."""
    return next((view for name, view in _story_pages if getattr(article, name, False)), None)


def desk_search(find):
    _desk_search[:] = [find]


def find_for_desk(queryset, words):
    """The stories of ``queryset`` matching ``words`` by the registered search; None when none is registered."""
    return _desk_search[0](queryset, words) if _desk_search else None
