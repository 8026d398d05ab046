"""``record(action, obj=..., message=..., changes=...)``: how any app writes to the audit log.

The actor is whoever acts in the current request, command or task (``audit.context``) unless
given. An entry is written in the surrounding transaction, if there is one: a change that is
rolled back leaves no entry claiming it happened, and a committed one costs no commit of its own.
"""

from django.contrib.contenttypes.models import ContentType

from .context import current
from .models import AuditEntry


def record(action, obj=None, *, message="", changes=None, actor=None, actor_name="", ip=None):
    acting = current()
    entry = AuditEntry(
        actor=actor if actor is not None else acting.user,
        actor_name=(actor.get_username() if actor is not None else "") or actor_name or acting.name,
        action=action,
        message=str(message),
        changes=changes or {},
        ip=ip or acting.ip,
    )
    if obj is not None:
        entry.content_type = ContentType.objects.get_for_model(obj, for_concrete_model=False)
        entry.object_id = str(obj.pk)
        entry.object_repr = str(obj)[:200]
    entry.save()
    return entry
