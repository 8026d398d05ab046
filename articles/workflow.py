"""The editorial workflow: the states a story moves through, who may move it, and the moves themselves.

States (``Article.Status``): draft → in review → scheduled → published → unpublished. Readers see
a story that is published, or scheduled with its time come (``ArticleQuerySet.public``).

Who may do what is decided here and only here; the admin, its forms, the wire desk, commands and
tests all ask these functions:

- **Editors** (the ``articles.publish_article`` permission) do everything: any state, any story.
- **Reporters** create stories and work on their own drafts; the only states they may choose are
  draft and in review, and once a story leaves draft it is the editors'.
- **Agencies** (the wire desk, acting without a user) may overwrite a story only while it is still
  on the desk (draft or in review), and take a story down when the agency withdraws it.

An **embargo** (``Article.embargo_until``) binds everyone alike: no move puts a story before
readers ahead of it (``embargo_refusal``), and the database refuses such a row whoever writes it.

Each move (``submit``, ``publish``, ``schedule``, ``unpublish``, ``trash``, ``restore``) is one
save with a revision that names who made it and why; ``NotAllowed`` is raised, and nothing
changes, when the user may not make it; ``ValidationError`` when the time is wrong for anyone.
"""

import reversion
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .models import Article

Status = Article.Status
PUBLISH_PERMISSION = "articles.publish_article"
# The states a reporter may choose; the rest are the editors'.
REPORTER_STATES = frozenset({Status.DRAFT, Status.REVIEW})
# The states in which an agency's new version may overwrite the story; later, the desk owns it.
ON_THE_DESK = frozenset({Status.DRAFT, Status.REVIEW})


class NotAllowed(PermissionDenied):
    """The user may not make this move; the message says why, for the person who tried."""


# --- Who may do what -------------------------------------------------------------------------


def can_publish(user):
    """Editors: publish, schedule, unpublish, and edit any story in any state."""
    return user is not None and user.has_perm(PUBLISH_PERMISSION)


def can_edit(user, article):
    """Editors edit every story; a reporter only their own drafts."""
    if can_publish(user):
        return True
    return user is not None and article.created_by_id == user.pk and article.status == Status.DRAFT


# Moving to the trash follows the same rule as editing: a reporter can bin their own draft.
can_trash = can_edit


def can_restore(user):
    """Editors and admins take stories back out of the trash (the trash's own ``change`` permission)."""
    return user is not None and user.has_perm("articles.change_trashedarticle")


def can_choose(user, status):
    return can_publish(user) or status in REPORTER_STATES


def status_choices(user):
    """The states ``user`` may give a story, for forms."""
    return [(value, label) for value, label in Status.choices if can_choose(user, value)]


def editable_by(user, queryset):
    """The stories of ``queryset`` that ``user`` may edit (for bulk actions), as one queryset."""
    if can_publish(user):
        return queryset
    return queryset.filter(created_by=user, status=Status.DRAFT)


def agency_may_update(article):
    """Whether an agency's new version of the item may overwrite ``article``."""
    return article.status in ON_THE_DESK


def can_share_preview(user, article):
    """Editors send a not-yet-public story to someone outside (a lawyer, a source) for a look."""
    return can_publish(user) and can_edit(user, article)


def embargo_refusal(embargo_until, at):
    """Why readers may not see a story from ``at`` under an embargo lifting at ``embargo_until``; None when they may.

    Asked by every move and form that puts a story before readers; the database refuses the row
    besides (``article_not_public_before_embargo``).
    """
    if embargo_until is None or at is None or at >= embargo_until:
        return None
    return _("The story is under embargo until %(time)s: it cannot be published or scheduled before then.") % {
        "time": timezone.localtime(embargo_until).strftime("%Y-%m-%d %H:%M %Z")
    }


def _refuse_before_embargo(article, at):
    refusal = embargo_refusal(article.embargo_until, at)
    if refusal:
        raise ValidationError({"publish_at": refusal})


# --- The moves ---------------------------------------------------------------------------------


def _require(allowed, message):
    if not allowed:
        raise NotAllowed(message)


def _move(article, user, comment="", **changes):
    """Save ``changes`` as one revision; the comment defaults to the new state, in the user's language."""
    with reversion.create_revision():
        for field, value in changes.items():
            setattr(article, field, value)
        comment = comment or f"Status set to {article.get_status_display()}"
        article.save()
        reversion.set_user(user)
        reversion.set_comment(comment)
    return article


def submit(article, user):
    """A draft goes to the editors for review."""
    _require(can_edit(user, article), _("Only the story's reporter or an editor can submit it."))
    if article.status != Status.DRAFT:
        raise NotAllowed(_("Only drafts can be sent for review."))
    return _move(article, user, status=Status.REVIEW)


def publish(article, user, at=None):
    """Readers see the story from now (or ``at``)."""
    _require(can_publish(user), _("Only editors can schedule, publish or unpublish."))
    now = timezone.now()
    _refuse_before_embargo(article, at or now)
    changes = {"status": Status.PUBLISHED}
    first_time = article.publish_at
    if first_time is None or first_time > now or embargo_refusal(article.embargo_until, first_time):
        # A story published before keeps its first time, unless that was before an embargo set since.
        changes["publish_at"] = at or now
    return _move(article, user, **changes)


def schedule(article, user, at):
    """Readers see the story from ``at``, a time to come, with no further step."""
    _require(can_publish(user), _("Only editors can schedule, publish or unpublish."))
    if at is None or at <= timezone.now():
        raise ValidationError({"publish_at": _("The publish time of a scheduled article must be in the future.")})
    _refuse_before_embargo(article, at)
    return _move(article, user, status=Status.SCHEDULED, publish_at=at)


def unpublish(article, user, reason=""):
    """Take the story off the site; it stays on the desk. ``user`` None is an agency's withdrawal."""
    if user is not None:
        _require(can_publish(user), _("Only editors can schedule, publish or unpublish."))
    return _move(article, user, reason, status=Status.UNPUBLISHED)


def trash(article, user):
    """Off the site and out of the desk's lists, restorable from the trash with its history."""
    _require(can_trash(user, article), _("Only the story's reporter (for a draft) or an editor can delete it."))
    article.move_to_trash(user)
    return article


def restore(article, user):
    """Back from the trash as it was."""
    _require(can_restore(user), _("Only editors can restore stories from the trash."))
    article.restore(user)
    return article
