"""Working on a story all day: autosave, presence and the notes in the history, for the article admin.

``DeskEditingMixin`` goes before the admin's base class on ``desk.admin.ArticleAdmin``. It adds
the JSON endpoints (``desk.views``), the autosave and presence settings and the restore offer to
the form's context (``templates/admin/articles/article/change_form.html`` shows them), the "open
now" column of the list, and the story's internal notes to its History page.
"""

from django.conf import settings
from django.urls import path, reverse
from django.utils.html import format_html_join

from . import autosave, presence, views


def autosave_context(request, form_name, article, object_id):
    """What a page needs to keep copies of one form, and the copy to offer back when it is opened."""
    return {
        "autosave_url": reverse("admin:articles_article_autosave", args=[form_name, object_id]),
        "autosave_delay": settings.NEWSROOM_AUTOSAVE_DELAY_SECONDS,
        # Key of the copy kept in the browser until the server has it (also per user: a shared computer).
        "autosave_key": f"desk-autosave:{request.user.pk}:{form_name}:{object_id}",
        "autosave_offer": autosave.offer(request, form_name, article) if request.method == "GET" else None,
    }


class DeskEditingMixin:
    object_history_template = "admin/articles/article/object_history.html"

    def get_urls(self):
        return [
            path("autosave/<slug:form>/<str:object_id>/", views.autosave_view, name="articles_article_autosave"),
            path("presence/<int:object_id>/", views.presence_view, name="articles_article_presence"),
            path("session/", views.session_view, name="articles_article_session"),
            *super().get_urls(),
        ]

    def render_change_form(self, request, context, add=False, change=False, form_url="", obj=None):
        if add or self.has_change_permission(request, obj):  # a read-only view has nothing to keep
            context.update(autosave_context(request, autosave.ArticleForm.name, obj, obj.pk if obj else autosave.NEW))
        if obj is not None:
            tab = presence.new_tab()
            presence.beat(obj.pk, tab, request.user)  # open from the first byte, before the script's first beat
            context.update(
                presence_url=reverse("admin:articles_article_presence", args=[obj.pk]),
                presence_tab=tab,
                presence_interval=settings.NEWSROOM_PRESENCE_HEARTBEAT_SECONDS,
                editing_now=presence.editors(obj.pk, besides=request.user),
            )
        return super().render_change_form(request, context, add=add, change=change, form_url=form_url, obj=obj)

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        # Saved (or scheduled): the save holds what was typed, so the copy is done with (for a new
        # story, the add form's copy).
        autosave.discard(request.user, autosave.ArticleForm.name, form.instance if change else None)

    # The list: who has each story open, read for the whole page at once -----------------

    def get_changelist_instance(self, request):
        changelist = super().get_changelist_instance(request)
        found = presence.editors_of([story.pk for story in changelist.result_list], besides=request.user)
        for story in changelist.result_list:
            story.editing_now = found[story.pk]
        return changelist

    def open_now(self, obj):
        """Who else has the story open, shown under its headline (filled by ``get_changelist_instance``)."""
        people = getattr(obj, "editing_now", [])
        return format_html_join(
            " ", '<span class="desk-open-now" title="{}">{}</span>', ((e.message(), e.name) for e in people)
        )

    # The history: revisions and internal notes, one timeline ----------------------------

    def history_view(self, request, object_id, extra_context=None):
        response = super().history_view(request, object_id, extra_context)
        context = getattr(response, "context_data", None)
        if context and "action_list" in context:
            notes = context["object"].desk_notes.select_related("author")
            context["timeline"] = timeline(context["action_list"], notes)
        return response


def timeline(actions, notes):
    """Revisions (reversion-compare's action list) and notes interleaved by time, oldest first."""
    entries = [{"at": action["revision"].date_created, "action": action} for action in actions]
    entries += [{"at": note.written_at, "note": note} for note in notes]
    return sorted(entries, key=lambda entry: entry["at"])
