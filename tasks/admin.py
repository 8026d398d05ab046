"""Admins see the queue: every task with its state, attempt and error, and the live workers.

django-tasks-db's own page lists the task rows (read-only); here it gains the attempt number
and the error class, and a page lists the workers with their last heartbeat.
"""

from django.contrib import admin
from django.utils.translation import gettext_lazy as _
from django_tasks_db.admin import DBTaskResultAdmin
from django_tasks_db.models import DBTaskResult

from .models import Worker


class TaskResultAdmin(DBTaskResultAdmin):
    list_display = (
        "task_name",
        "status",
        "attempt",
        "enqueued_at",
        "display_run_after",
        "finished_at",
        "error",
        "queue_name",
    )
    search_fields = ("id", "task_path")

    @admin.display(description=_("attempt"))
    def attempt(self, obj):
        return (obj.args_kwargs.get("kwargs") or {}).get("attempt", 1)

    @admin.display(description=_("error"))
    def error(self, obj):
        return obj.exception_class_path.rsplit(".", 1)[-1]


admin.site.unregister(DBTaskResult)
admin.site.register(DBTaskResult, TaskResultAdmin)


@admin.register(Worker)
class WorkerAdmin(admin.ModelAdmin):
    list_display = ("__str__", "alive", "queues", "started_at", "last_seen", "current_task", "tasks_run")

    @admin.display(description=_("alive"), boolean=True)
    def alive(self, obj):
        return obj.is_alive

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
