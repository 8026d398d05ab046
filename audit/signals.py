"""What the audit log hears: logins, the article workflow, the admin, permissions, tokens and the wire."""

from axes.signals import user_locked_out
from django.contrib.admin.models import ADDITION, CHANGE, DELETION, LogEntry
from django.contrib.auth.models import Group, User
from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.db.models.signals import m2m_changed, post_save
from django.dispatch import receiver
from django.utils import timezone

from articles.events import article_changed
from desk.models import PreviewLink
from redirects.models import Redirect
from wire.events import run_finished
from wire.models import AgencyToken

from .log import record
from .registry import loaded_raw, track

# --- logins ---------------------------------------------------------------------------------------


@receiver(user_logged_in)
def logged_in(sender, request, user, **kwargs):
    record("login", user, actor=user)


@receiver(user_logged_out)
def logged_out(sender, request, user, **kwargs):
    if user is not None:
        record("logout", user, actor=user)


@receiver(user_login_failed)
def login_failed(sender, credentials, request=None, **kwargs):
    # Only the name tried: Django has already blanked the password in ``credentials``.
    name = str(credentials.get("username", ""))[:150]
    record("login_failed", actor_name=name, message=f"Failed login as “{name}”")


@receiver(user_locked_out)
def locked_out(sender, request, username, ip_address, **kwargs):
    record("lockout", actor_name=str(username or "")[:150], ip=ip_address)


# --- the article workflow -----------------------------------------------------------------------


def workflow_action(before, after):
    """What an article's change of state means to the newsroom; None for an ordinary edit."""
    if after is None:
        return "purge"
    if before is not None and before.deleted_at is None and after.deleted_at is not None:
        return "trash"
    if before is not None and before.deleted_at is not None and after.deleted_at is None:
        return "restore"
    if before is not None and (before.status, before.publish_at) == (after.status, after.publish_at):
        return None
    later = after.publish_at is not None and after.publish_at > timezone.now()
    if after.status == "scheduled" or (after.status == "published" and later):
        return "schedule"
    if after.status == "published":
        return "publish"
    if before is not None and before.seen_by_readers:
        return "unpublish"
    return None if before is not None else "created"


@receiver(article_changed)
def article_workflow(sender, article, before, after, part, **kwargs):
    if part is not None:
        return
    action = workflow_action(before, after)
    if action:
        changes = {"status": [before.status if before else None, after.status if after else None]}
        if after is not None and after.publish_at:
            changes["publish_at"] = after.publish_at.isoformat()
        record(action, article, changes=changes)


# --- the admin's own change log: every add, change and delete made there ------------------------

ADMIN_ACTIONS = {ADDITION: "admin_added", CHANGE: "admin_changed", DELETION: "admin_deleted"}


@receiver(post_save, sender=LogEntry)
def admin_change(sender, instance, created, raw=False, **kwargs):
    if created and not raw:
        record(
            ADMIN_ACTIONS.get(instance.action_flag, "admin_changed"),
            actor=instance.user,
            message=f"{instance.content_type}: {instance.object_repr} — {instance.get_change_message()}",
            changes={"content_type": str(instance.content_type), "object_id": instance.object_id},
        )


# --- people, groups and permissions --------------------------------------------------------------

track(User, fields=["username", "email", "is_active", "is_staff", "is_superuser"])
track(Group, fields=["name"])


@receiver(m2m_changed, sender=User.groups.through)
@receiver(m2m_changed, sender=User.user_permissions.through)
@receiver(m2m_changed, sender=Group.permissions.through)
def permissions_changed(sender, instance, action, reverse, model, pk_set, **kwargs):
    if action not in ("post_add", "post_remove", "post_clear") or reverse or loaded_raw(instance):
        return
    names = sorted(str(item) for item in model.objects.filter(pk__in=pk_set or ()))
    verb = {"post_add": "added", "post_remove": "removed", "post_clear": "cleared"}[action]
    what = "groups" if model is Group else "permissions"
    record("permissions", instance, changes={f"{what} {verb}": names if action != "post_clear" else "all"})


# --- agency tokens -----------------------------------------------------------------------------------


def token_action(token, created, changes):
    if created:
        return "token_issued"
    if "revoked_at" in changes and token.revoked_at is not None:
        return "token_revoked"
    return None


track(AgencyToken, exclude=["last_used_at", "created_at"], secret=["token_hash", "prefix"], describe=token_action)


# --- the wire -------------------------------------------------------------------------------------------


@receiver(run_finished)
def ingest_run(sender, source, summary, channel, **kwargs):
    counts = {status: count for status, count in summary.counts.items() if count}
    record(
        "ingest_run",
        source,
        actor_name=f"{source} ({channel})" if source else channel,
        message=summary.line(),
        changes={"channel": channel, **counts},
    )


# --- preview links and redirects ------------------------------------------------------------------


def preview_link_action(link, created, changes):
    if created:
        return "preview_link_created"
    if "revoked_at" in changes and link.revoked_at is not None:
        return "preview_link_withdrawn"
    return None


track(PreviewLink, exclude=["created_at"], secret=["nonce"], describe=preview_link_action)
track(Redirect, exclude=["created_at", "modified_at"])
