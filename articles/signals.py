"""Keep cached derived values in step with the content they come from."""

from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from .models import ScheduledUpdate
from .services import forget_next_update_time


@receiver([post_save, post_delete], sender=ScheduledUpdate)
def scheduled_updates_changed(sender, **kwargs):
    forget_next_update_time()
