"""Redirects from addresses that no longer answer to where their page is now.

A published story that moves (a new slug, section or edition) leaves its old address here,
recorded when it is saved (``signals``); editors add their own. Served only when no page
answers the address (``middleware``), so a normal page costs nothing.

The table never holds a chain or a loop: a redirect's target is never another redirect's
source. Saving one follows the target to its end (A→B with B→C saved gives A→C), points
the redirects that led to its source at its target (X→A becomes X→B), and refuses a
target that leads back to its source.
"""

from urllib.parse import unquote, urlsplit

from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.utils.translation import gettext_lazy as _

from editions.fields import EditionField

MAX_PATH = 500
# Far more than a collapsed table ever holds (one step); stops a loop written behind the model's back.
MAX_STEPS = 20


def normalise(path):
    """An address as the site's router sees it: the path alone, percent-decoded (Arabic letters as letters).

    None for an address on another site (or one that names a host).
    """
    parts = urlsplit(path.strip())
    return None if parts.scheme or parts.netloc else unquote(parts.path)


class RedirectQuerySet(models.QuerySet):
    def target_of(self, path):
        """Where ``path`` leads now, or None: one indexed read."""
        return self.filter(old_path=path).values_list("new_path", flat=True).first()

    def record(self, edition, old_path, new_path):
        """A story moved from ``old_path`` to ``new_path``: the old address leads to the new one.

        The new address answers again if it was moved away from before (a slug changed back),
        so a redirect from it goes first.
        """
        old_path, new_path = normalise(old_path), normalise(new_path)
        with transaction.atomic():
            self.filter(old_path=new_path).delete()
            redirect = self.filter(old_path=old_path).first() or Redirect(old_path=old_path)
            redirect.edition, redirect.new_path, redirect.automatic = edition, new_path, True
            redirect.save()
        return redirect


class Redirect(models.Model):
    edition = EditionField()
    old_path = models.CharField(
        _("old address"),
        max_length=MAX_PATH,
        unique=True,
        help_text=_("The path that no longer answers, as in /en/politics/old-slug/."),
    )
    new_path = models.CharField(
        _("new address"),
        max_length=MAX_PATH,
        help_text=_("Where readers are sent, with a permanent (301) redirect: a path on this site."),
    )
    automatic = models.BooleanField(
        _("recorded automatically"),
        default=False,
        editable=False,
        help_text=_("Left by a published story that moved, rather than added by an editor."),
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    modified_at = models.DateTimeField(_("modified"), auto_now=True)

    objects = RedirectQuerySet.as_manager()

    class Meta:
        ordering = ["old_path"]
        verbose_name = _("redirect")
        verbose_name_plural = _("redirects")
        indexes = [models.Index(fields=["new_path"], name="redirect_target")]

    def __str__(self):
        return f"{self.old_path} → {self.new_path}"

    def save(self, *args, **kwargs):
        with transaction.atomic():
            chain = self._chain(self.new_path)
            if self.old_path in chain or self.old_path == self.new_path:
                raise ValidationError({"new_path": _("A redirect cannot lead to its own address.")})
            if chain:
                self.new_path = chain[-1]  # straight to the end: A→B, B→C gives A→C
            super().save(*args, **kwargs)
            # X→A with A→B now gives X→B.
            Redirect.objects.filter(new_path=self.old_path).exclude(pk=self.pk).update(new_path=self.new_path)

    def clean(self):
        errors = {}
        for field in ("old_path", "new_path"):
            value = normalise(getattr(self, field) or "")
            setattr(self, field, value or getattr(self, field))
            if not value or not value.startswith("/") or value.startswith("//"):
                errors[field] = _("Give a path on this site, starting with one slash: /en/politics/a-story/.")
        if not errors and not self.old_path.startswith(f"/{self.edition}/"):
            errors["old_path"] = _("An address of the %(edition)s edition starts with /%(edition)s/.") % {
                "edition": self.edition
            }
        if errors:
            raise ValidationError(errors)
        if self.old_path == self.new_path:
            raise ValidationError({"new_path": _("A redirect cannot lead to its own address.")})
        if self.old_path in self._chain(self.new_path):
            raise ValidationError(
                {"new_path": _("This would make a loop: %(path)s already leads back here.") % {"path": self.new_path}}
            )

    def _chain(self, path):
        """The addresses ``path`` leads to through the other redirects, in order, at most ``MAX_STEPS``."""
        others = Redirect.objects.exclude(pk=self.pk)
        seen = []
        while len(seen) < MAX_STEPS:
            path = others.target_of(path)
            if path is None or path in seen:
                break
            seen.append(path)
        return seen
