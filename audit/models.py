"""The audit log's one model: an entry that can be written once and never changed."""

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

# What each action is called in the admin; actions of registered models show their own name.
ACTION_LABELS = {
    "login": _("Logged in"),
    "login_failed": _("Failed login"),
    "lockout": _("Locked out"),
    "logout": _("Logged out"),
    "created": _("Created"),
    "changed": _("Changed"),
    "deleted": _("Deleted"),
    "publish": _("Published"),
    "schedule": _("Scheduled"),
    "unpublish": _("Unpublished"),
    "trash": _("Moved to trash"),
    "restore": _("Restored from trash"),
    "purge": _("Deleted permanently"),
    "permissions": _("Permissions or groups changed"),
    "token_issued": _("Agency token issued"),
    "token_revoked": _("Agency token revoked"),
    "ingest_run": _("Wire ingest run"),
    "admin_added": _("Added in the admin"),
    "admin_changed": _("Changed in the admin"),
    "admin_deleted": _("Deleted in the admin"),
    "pruned": _("Old entries pruned"),
}


class AppendOnlyError(Exception):
    """Raised on any attempt to change or delete audit entries other than by pruning."""


class AuditEntryQuerySet(models.QuerySet):
    def update(self, **kwargs):
        raise AppendOnlyError("Audit entries cannot be changed.")

    def delete(self):
        raise AppendOnlyError("Audit entries cannot be deleted; they are pruned after the retention period.")

    def prune(self, before):
        """Remove entries written before ``before``; the only way entries leave. Returns how many."""
        old = self.filter(at__lt=before)
        count = old.count()
        old._raw_delete(old.db)
        return count


class AuditEntry(models.Model):
    """One thing someone (or something) did: who, when, what, to which object, from where."""

    at = models.DateTimeField(_("when"), default=timezone.now, db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("person"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_("Empty for agencies, commands and failed logins; the name below stays when the account goes."),
    )
    actor_name = models.CharField(_("who"), max_length=150, blank=True)
    action = models.CharField(_("action"), max_length=40, db_index=True)
    content_type = models.ForeignKey(
        ContentType, verbose_name=_("object type"), null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    object_id = models.CharField(_("object id"), max_length=64, blank=True)
    object_repr = models.CharField(_("object"), max_length=200, blank=True)
    message = models.TextField(_("details"), blank=True)
    changes = models.JSONField(_("changes"), default=dict, blank=True)
    ip = models.GenericIPAddressField(_("IP address"), null=True, blank=True)

    objects = AuditEntryQuerySet.as_manager()

    class Meta:
        ordering = ["-at", "-pk"]
        verbose_name = _("audit entry")
        verbose_name_plural = _("audit log")
        indexes = [
            models.Index(fields=["actor", "-at"], name="audit_actor_at"),
            models.Index(fields=["action", "-at"], name="audit_action_at"),
            models.Index(fields=["content_type", "object_id"], name="audit_object"),
        ]

    def __str__(self):
        return f"{self.at:%Y-%m-%d %H:%M:%S} {self.actor_name or '-'} {self.action} {self.object_repr}"

    def save(self, *args, **kwargs):
        if not self._state.adding:
            raise AppendOnlyError("Audit entries cannot be changed.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise AppendOnlyError("Audit entries cannot be deleted; they are pruned after the retention period.")

    @property
    def action_label(self):
        return ACTION_LABELS.get(self.action, self.action)
