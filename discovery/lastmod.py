"""When an article last changed for readers: its update time or its latest correction."""

from django.db.models import OuterRef, Subquery
from django.db.models.functions import Coalesce, Greatest

from articles.models import Correction


def with_last_modified(queryset):
    """Annotate ``last_modified``: the latest of publish time, substantive update and corrections."""
    latest_correction = Subquery(
        Correction.objects.filter(article=OuterRef("pk")).order_by("-created_at").values("created_at")[:1]
    )
    return queryset.annotate(
        last_modified=Greatest(
            "publish_at",
            Coalesce("updated_at", "publish_at"),
            Coalesce(latest_correction, "publish_at"),
        )
    )


def last_modified(article):
    """The same rule in Python, for an article whose ``corrections`` are prefetched."""
    times = [article.publish_at, article.updated_at, *(c.created_at for c in article.corrections.all())]
    return max((t for t in times if t is not None), default=None)
