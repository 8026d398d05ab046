"""``track(Model)``: other apps put their models in the audit log (webhooks, alerts, settings...).

A tracked model's creations, changes and deletions are recorded with the fields that changed
(old and new values). ``fields`` limits what counts as a change (a login's ``last_login`` is
not news); ``secret`` fields are reported as changed without their values; ``describe`` names
the action from ``(instance, created, changes)`` when the default ``created``/``changed`` says
too little (``token_revoked``). Call it from your app's ``ready()``:

    from audit.registry import track
    track(Subscription, exclude=["last_delivery_at"], secret=["signing_key"])
"""

import weakref

from django.db.models.signals import post_delete, post_save, pre_save

from .log import record

# id(instance) -> (a weak reference to it, its stored values before this save). Model instances
# are not hashable before they have a primary key, hence ids checked against the reference.
_before = {}
# id(instance) -> a weak reference, for instances loaded raw (loaddata, a test's serialized rollback):
# their many-to-many rows are set right after, and that is a load, not someone granting rights.
_loaded_raw = {}
_tracked = {}


class Tracking:
    def __init__(self, model, fields, exclude, secret, describe):
        names = [f.attname for f in model._meta.concrete_fields if not f.primary_key]
        self.model = model
        self.fields = [name for name in (fields or names) if name not in exclude]
        self.secret = set(secret)
        self.describe = describe

    def stored(self, instance):
        if instance.pk is None or instance._state.adding:
            return None
        return self.model._base_manager.filter(pk=instance.pk).values(*self.fields).first()

    def changes(self, before, instance):
        found = {}
        for name in self.fields:
            old, new = (before or {}).get(name), getattr(instance, name)
            if before is None or old != new:
                found[name] = ["…", "…"] if name in self.secret else [plain(old), plain(new)]
        return found


def plain(value):
    return value if value is None or isinstance(value, bool | int | float | str) else str(value)


def track(model, *, fields=None, exclude=(), secret=(), describe=None):
    tracking = _tracked[model] = Tracking(model, fields, exclude, secret, describe)
    uid = f"audit:{model._meta.label}"
    pre_save.connect(remember, sender=model, dispatch_uid=uid, weak=False)
    post_save.connect(saved, sender=model, dispatch_uid=uid, weak=False)
    post_delete.connect(deleted, sender=model, dispatch_uid=uid, weak=False)
    return tracking


def remember(sender, instance, raw=False, **kwargs):
    if not raw:
        _before[id(instance)] = (weakref.ref(instance), _tracked[sender].stored(instance))


def recall(instance):
    reference, values = _before.pop(id(instance), (None, None))
    return values if reference is not None and reference() is instance else None


def saved(sender, instance, created, raw=False, **kwargs):
    if raw:
        _loaded_raw[id(instance)] = weakref.ref(instance)
        return
    tracking = _tracked[sender]
    changes = tracking.changes(recall(instance), instance)
    if not changes and not created:
        return
    action = (tracking.describe and tracking.describe(instance, created, changes)) or (
        "created" if created else "changed"
    )
    record(action, instance, changes=changes)


def loaded_raw(instance):
    """Whether ``instance`` of a tracked model was saved by a raw load (fixtures), not by someone's change."""
    reference = _loaded_raw.get(id(instance))
    return reference is not None and reference() is instance


def deleted(sender, instance, **kwargs):
    record("deleted", instance)


def untrack(model):
    """Stop recording ``model`` (for tests and apps that are switched off)."""
    uid = f"audit:{model._meta.label}"
    pre_save.disconnect(sender=model, dispatch_uid=uid)
    post_save.disconnect(sender=model, dispatch_uid=uid)
    post_delete.disconnect(sender=model, dispatch_uid=uid)
    _tracked.pop(model, None)
