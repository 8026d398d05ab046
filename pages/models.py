"""The fixed pages of an edition: About, Contact, Privacy and whatever else the editors add.

Each is served at ``/<edition>/<slug>/`` and linked from that edition's footer; the body is
cleaned with the articles' allow-list when it is saved, like a story's.
"""

from django.core.exceptions import ValidationError
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import override

from articles.sanitize import sanitize_html
from editions.fields import EditionField
from taxonomy.models import Section


class FixedPageQuerySet(models.QuerySet):
    def in_edition(self, code):
        return self.filter(edition=code)


class FixedPage(models.Model):
    edition = EditionField()
    slug = models.SlugField(
        _("address"),
        max_length=80,
        help_text=_("The page's address after the edition, e.g. “about” for /en/about/. Changing it breaks old links."),
    )
    title = models.CharField(_("title"), max_length=200)
    standfirst = models.CharField(_("standfirst"), max_length=500, blank=True)
    body = models.TextField(
        _("text"), help_text=_("Cleaned when saved: only headings, lists, links and the like stay.")
    )
    in_footer = models.BooleanField(_("linked from the footer"), default=True)
    position = models.PositiveSmallIntegerField(_("position in the footer"), default=0)
    updated_at = models.DateTimeField(_("last changed"), auto_now=True)

    objects = FixedPageQuerySet.as_manager()

    class Meta:
        ordering = ["edition", "position", "title"]
        verbose_name = _("fixed page")
        verbose_name_plural = _("fixed pages")
        constraints = [models.UniqueConstraint(fields=["edition", "slug"], name="unique_fixed_page_slug")]

    def __str__(self):
        return self.title

    def save(self, *args, **kwargs):
        self.body = sanitize_html(self.body)
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        with override(self.edition):
            return reverse("pages:page", kwargs={"slug": self.slug})

    def clean(self):
        # The page would hide the section's page, whose address is the same.
        if self.slug and Section.objects.filter(slug=self.slug).exists():
            raise ValidationError({"slug": _("A section has this address; choose another.")})
