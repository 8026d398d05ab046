"""Composing an alert for a story, and sending it once: what the admin's confirmation page calls."""

from django.db import IntegrityError, transaction
from django.utils import translation
from django.utils.translation import gettext as _

from articles.models import Article
from tasks.site import site_url

from .models import Alert, Subscription


class AlreadySent(Exception):
    """This story had its alert."""

    def __init__(self, alert):
        super().__init__(alert)
        self.alert = alert


def story_of(obj):
    """The article an alert is about, else the breaking item itself."""
    article = getattr(obj, "article", None)
    if isinstance(obj, Article):
        return obj
    return article if article is not None and article.is_public else obj


def existing_alert(obj):
    story = story_of(obj)
    if isinstance(story, Article):
        return Alert.objects.filter(article=story).first()
    return Alert.objects.filter(breaking_item=story).first()


def audience(edition):
    return Subscription.objects.filter(edition=edition).count()


def compose(obj):
    """An unsaved alert for ``obj`` (an article or a breaking item), in its edition's language."""
    story = story_of(obj)
    with translation.override(obj.edition):
        if isinstance(story, Article):
            title, body, path = story.headline, story.standfirst, story.get_absolute_url()
            if not isinstance(obj, Article):  # a breaking line about the story
                title, body = _("Breaking news"), obj.text
            return Alert(edition=obj.edition, article=story, title=title[:200], body=body[:300], url=site_url(path))
        return Alert(
            edition=obj.edition,
            breaking_item=story,
            title=_("Breaking news"),
            body=obj.text,
            url=site_url(f"/{obj.edition}/"),
        )


def send(obj, user):
    """Create the story's alert and queue its fan-out; AlreadySent if it had one."""
    from .tasks import send_alert

    alert = compose(obj)
    alert.sent_by = user
    alert.audience = audience(alert.edition)
    try:
        with transaction.atomic():
            alert.save()
    except IntegrityError:
        raise AlreadySent(existing_alert(obj)) from None
    transaction.on_commit(lambda: send_alert.enqueue(alert.pk))
    return alert
