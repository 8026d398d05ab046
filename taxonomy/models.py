"""The newsroom's taxonomy: sections (the menu, two levels deep) and regions, each named per edition.

Editors rename, reorder and extend them in the admin; a fresh site starts with ``defaults``.
Every page's menus are built from them once per edition and cached (``menus``).

The tables keep the names they had when these models lived in ``articles`` (``db_table``).
"""

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, OuterRef, Subquery
from django.db.models.functions import Coalesce
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from editions.fields import EditionField

# Section slugs share the edition's URL space with these fixed pages.
RESERVED_SLUGS = {
    "about",
    "admin",
    "api",
    "author",
    "authors",
    "breaking.json",
    "contact",
    "feeds",
    "live",
    "media",
    "preview",
    "privacy",
    "region",
    "search",
    "static",
    "tag",
}


def validate_not_reserved(value):
    if value in RESERVED_SLUGS:
        raise ValidationError(
            _("“%(slug)s” is used by a fixed page; choose another slug."),
            params={"slug": value},
        )


class LabelledQuerySet(models.QuerySet):
    def labelled(self, edition):
        """Annotate ``label``: the name in ``edition``, else the default name."""
        labels = self.model.labels.rel.related_model.objects.filter(owner=OuterRef("pk"), edition=edition).values(
            "name"
        )[:1]
        return self.annotate(label=Coalesce(Subquery(labels), F("name")))


class Labelled(models.Model):
    """A taxonomy term whose editors set a display name per edition."""

    name = models.CharField(
        _("name"),
        max_length=80,
        help_text=_("Default name, used when an edition has none."),
    )
    slug = models.SlugField(_("slug"), max_length=80, unique=True, validators=[validate_not_reserved])
    position = models.PositiveSmallIntegerField(_("position"), default=0, help_text=_("Menu order, lowest first."))

    objects = LabelledQuerySet.as_manager()

    class Meta:
        abstract = True
        ordering = ["position", "name"]

    def __str__(self):
        return self.name


class Label(models.Model):
    edition = EditionField()
    name = models.CharField(_("name"), max_length=80)

    class Meta:
        abstract = True

    def __str__(self):
        return f"{self.name} ({self.edition})"


class Section(Labelled):
    """A menu entry: a top-level section (News) or a subsection (Politics)."""

    parent = models.ForeignKey(
        "self",
        verbose_name=_("parent section"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
        help_text=_("Leave empty for a top-level menu entry. Only two levels are allowed."),
    )

    class Meta(Labelled.Meta):
        db_table = "articles_section"
        verbose_name = _("section")
        verbose_name_plural = _("sections")

    def get_absolute_url(self):
        return reverse("articles:section", kwargs={"slug": self.slug})

    def clean(self):
        if self.parent_id and self.parent.parent_id:
            raise ValidationError({"parent": _("Sections nest two levels deep at most.")})
        if self.parent_id and self.parent_id == self.pk:
            raise ValidationError({"parent": _("A section cannot be its own parent.")})


class SectionLabel(Label):
    owner = models.ForeignKey(Section, on_delete=models.CASCADE, related_name="labels")

    class Meta:
        db_table = "articles_sectionlabel"
        verbose_name = _("name in an edition")
        verbose_name_plural = _("names in editions")
        constraints = [models.UniqueConstraint(fields=["owner", "edition"], name="unique_section_label")]


class Region(Labelled):
    """A part of the world an article is about; an article can have several."""

    class Meta(Labelled.Meta):
        db_table = "articles_region"
        verbose_name = _("region")
        verbose_name_plural = _("regions")

    def get_absolute_url(self):
        return reverse("articles:region", kwargs={"slug": self.slug})


class RegionLabel(Label):
    owner = models.ForeignKey(Region, on_delete=models.CASCADE, related_name="labels")

    class Meta:
        db_table = "articles_regionlabel"
        verbose_name = _("name in an edition")
        verbose_name_plural = _("names in editions")
        constraints = [models.UniqueConstraint(fields=["owner", "edition"], name="unique_region_label")]
