"""A published story that moves leaves its old address behind, leading to the new one."""

from django.dispatch import receiver
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import override

from articles.events import article_changed
from taxonomy.models import Section

from .models import Redirect


def address(state):
    """The public address of a story that stood as ``state`` (``Article.get_absolute_url``'s, from the state)."""
    section = Section.objects.filter(pk=state.section_id).values_list("slug", flat=True).first()
    with override(state.edition):
        return reverse("articles:article", kwargs={"section": section, "slug": state.slug})


@receiver(article_changed)
def remember_old_address(sender, article, before, after, part, **kwargs):
    """Readers (and search engines) knew the story at its old address: that address leads to the new one.

    A story nobody could see yet leaves nothing behind; one query, for the old section's slug, and
    only when the address changed.
    """
    if part is not None or before is None or after is None or not before.is_public(timezone.now()):
        return
    if (before.edition, before.section_id, before.slug) == (after.edition, after.section_id, after.slug):
        return
    Redirect.objects.record(before.edition, address(before), article.get_absolute_url())
