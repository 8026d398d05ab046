"""The live desk in the admin.

A live story's admin page carries the posting form and the newest posts: the story's reporters
(bylined, or its creator) post there without opening the article form; Editors also edit,
delete (the post leaves the page, its row and history stay) and pin. The rules are
``LiveStory.can_post`` and the ``live`` permissions the roles get (migration 0002).
"""

import reversion
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.db.models import Count, Q
from django.http import HttpResponseNotAllowed
from django.shortcuts import get_object_or_404, redirect
from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from reversion_compare.admin import CompareVersionAdmin

from desk import autosave
from desk.editing import autosave_context

from .forms import LivePostForm
from .models import LivePost, LiveStory

DESK_POSTS = 30


def draft_key(story):
    return f"live:draft:{story.pk}"


@autosave.register
class LivePostAutosave(autosave.AutosavedForm):
    """The posting form on a live story's page: a copy per user and story, for those who may post."""

    name = "livepost"

    def article_for(self, request, object_id):
        story = get_object_or_404(LiveStory.objects.select_related("article"), pk=object_id)
        if not story.can_post(request.user):
            raise PermissionDenied
        return story.article

    def form_for(self, request, article, data=None):
        return LivePostForm(data, story=article.live_story, user=request.user)


@admin.register(LiveStory)
class LiveStoryAdmin(admin.ModelAdmin):
    list_display = ["__str__", "edition", "state", "started_at", "closed_at", "post_count"]
    list_filter = [("closed_at", admin.EmptyFieldListFilter), "article__edition"]
    search_fields = ["article__headline"]
    autocomplete_fields = ["article"]
    fields = ["article", "started_at", "closed_at", "order"]
    change_form_template = "admin/live/livestory/change_form.html"

    def get_queryset(self, request):
        posts = Count("posts", filter=Q(posts__deleted_at__isnull=True))
        return super().get_queryset(request).select_related("article").annotate(post_count=posts)

    def get_readonly_fields(self, request, obj=None):
        return ["article"] if obj else []

    @admin.display(description=_("edition"), ordering="article__edition")
    def edition(self, story):
        return story.article.get_edition_display()

    @admin.display(description=_("coverage"), boolean=False)
    def state(self, story):
        return _("Live") if story.is_open else _("Coverage ended")

    @admin.display(description=_("posts"), ordering="post_count")
    def post_count(self, story):
        return story.post_count

    def get_urls(self):
        return [
            path("<path:object_id>/post/", self.admin_site.admin_view(self.post_view), name="live_livestory_post"),
            *super().get_urls(),
        ]

    def render_change_form(self, request, context, add=False, change=False, form_url="", obj=None):
        if obj is not None:
            # A refused post comes back bound, with its errors and the text as typed.
            draft = request.session.pop(draft_key(obj), None)
            context.update(self.desk_context(request, obj, LivePostForm(draft, story=obj, user=request.user)))
            if context["post_form"] is not None:
                context.update(autosave_context(request, LivePostAutosave.name, obj.article, obj.pk))
                if draft is not None:
                    context["autosave_offer"] = None  # the refused post is in the form already
        return super().render_change_form(request, context, add, change, form_url, obj)

    def desk_context(self, request, story, form):
        return {
            "story": story,
            "post_form": form if story.can_post(request.user) else None,
            "post_url": reverse("admin:live_livestory_post", args=[story.pk]),
            "desk_posts": story.posts.select_related("author").order_by("-posted_at", "-pk")[:DESK_POSTS],
            "can_edit_posts": request.user.has_perm("live.change_livepost"),
            "reader_url": story.article.get_absolute_url() if story.article.is_public else "",
        }

    def post_view(self, request, object_id):
        """Publish one post from the story's page; a refused post comes back with the typed text."""
        if request.method != "POST":
            return HttpResponseNotAllowed(["POST"])
        story = get_object_or_404(LiveStory.objects.select_related("article"), pk=object_id)
        if not story.can_post(request.user):
            raise PermissionDenied
        form = LivePostForm(request.POST, story=story, user=request.user)
        if not form.is_valid():
            request.session[draft_key(story)] = {name: request.POST.get(name, "") for name in form.fields}
            self.message_user(request, _("Not posted: please correct the errors below."), messages.ERROR)
            return redirect("admin:live_livestory_change", story.pk)
        with reversion.create_revision():
            post = form.save(commit=False)
            post.story = story
            post.posted_by = request.user
            post.save()
            reversion.set_user(request.user)
            reversion.set_comment(_("Posted"))
        autosave.discard(request.user, LivePostAutosave.name, story.article)
        self.message_user(request, _("Posted: it reaches readers within seconds."), messages.SUCCESS)
        return redirect("admin:live_livestory_change", story.pk)


@admin.register(LivePost)
class LivePostAdmin(CompareVersionAdmin):
    """Editors' corrections to posts. New posts are written on the story's page, not here."""

    list_display = ["__str__", "story", "posted_at", "author", "key_event", "pinned", "edited_at", "deleted_at"]
    list_filter = ["key_event", "pinned", ("deleted_at", admin.EmptyFieldListFilter)]
    search_fields = ["title", "body", "story__article__headline"]
    list_select_related = ["story__article", "author"]
    fields = ["title", "body", "author", "posted_at", "key_event", "pinned"]
    readonly_fields = ["posted_at"]
    raw_id_fields = ["author"]

    def get_form(self, request, obj=None, **kwargs):
        kwargs["widgets"] = LivePostForm.Meta.widgets
        return super().get_form(request, obj, **kwargs)

    def has_add_permission(self, request):
        return False

    def delete_model(self, request, obj):
        with reversion.create_revision():
            obj.delete_for_readers()
            reversion.set_user(request.user)
            reversion.set_comment(_("Deleted"))

    def delete_queryset(self, request, queryset):
        for post in queryset.filter(deleted_at__isnull=True):
            self.delete_model(request, post)

    def response_post_save_change(self, request, obj):
        return redirect("admin:live_livestory_change", obj.story_id)
