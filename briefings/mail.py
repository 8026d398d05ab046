"""The emails: a briefing (text and HTML, right to left in Arabic, one-click unsubscribe) and the opt-in.

Each message is written in its edition's language. A briefing carries ``List-Unsubscribe`` (the
reader's own HTTPS address and the newsdesk's mailbox) and ``List-Unsubscribe-Post:
List-Unsubscribe=One-Click`` (RFC 8058), so mail programs offer a one-click unsubscribe.
"""

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.translation import gettext as _

from articles.models import Article
from articles.paginators import in_order
from editions import get_edition
from readership.popularity import most_read_ids
from tasks.site import site_url

TOP_STORIES = 8


def top_stories(briefing):
    """The editors' picks, else the edition's Most Read, else its newest stories; public ones only."""
    public = Article.objects.public().in_edition(briefing.edition).select_related("section")
    picked = [pick.article for pick in briefing.picks.select_related("article__section") if pick.article.is_public]
    if picked:
        return picked[:TOP_STORIES]
    ranked = in_order(public, most_read_ids(briefing.edition))[:TOP_STORIES]
    return ranked or list(public.order_by("-publish_at")[:TOP_STORIES])


def message(subject, template, context, to, edition, headers=None):
    with translation.override(edition):
        context = {**context, "edition": get_edition(edition), "site_name": settings.NEWSROOM_SITE_NAME}
        text = render_to_string(f"briefings/email/{template}.txt", context)
        html = render_to_string(f"briefings/email/{template}.html", context)
    email = EmailMultiAlternatives(subject, text, to=[to], headers=headers or {})
    email.attach_alternative(html, "text/html")
    return email


def briefing_message(briefing, subscriber, stories):
    unsubscribe = subscriber.link("unsubscribe")
    with translation.override(briefing.edition):
        subject = _("%(site)s: your briefing for %(date)s") % {
            "site": settings.NEWSROOM_SITE_NAME,
            "date": briefing.date.isoformat(),
        }
    items = [{"article": article, "url": site_url(article.get_absolute_url())} for article in stories]
    return message(
        subject,
        "briefing",
        {"briefing": briefing, "stories": items, "unsubscribe": unsubscribe, "home": site_url(f"/{briefing.edition}/")},
        subscriber.email,
        briefing.edition,
        headers={
            "List-Unsubscribe": f"<{unsubscribe}>, <mailto:{settings.NEWSROOM_CONTACT_EMAIL}?subject=unsubscribe>",
            "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
            "List-Id": f"{briefing.edition}.briefing.{settings.NEWSROOM_SITE_NAME.lower().replace(' ', '-')}",
        },
    )


def confirmation_message(subscriber):
    with translation.override(subscriber.edition):
        subject = _("Confirm your %(site)s briefing") % {"site": settings.NEWSROOM_SITE_NAME}
    return message(subject, "confirm", {"confirm": subscriber.link("confirm")}, subscriber.email, subscriber.edition)
