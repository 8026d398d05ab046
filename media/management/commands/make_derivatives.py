"""Make missing or outdated renditions and social crops, e.g. after restoring media or a size change.

New uploads get theirs when saved; this command catches up photos that arrived another way
(a database import, an older release).
"""

from django.core.management.base import BaseCommand, CommandError

from media.derivatives import ensure_derivatives
from media.models import Photo


class Command(BaseCommand):
    help = "Make the renditions and social crops of every library photo that lacks current ones."

    def add_arguments(self, parser):
        parser.add_argument("--photo", type=int, action="append", help="Only this photo id (repeatable).")

    def handle(self, *args, photo=None, **options):
        photos = Photo.objects.prefetch_related("renditions", "social_crops").order_by("pk")
        if photo:
            photos = photos.filter(pk__in=photo)
        made = failed = 0
        for item in photos.iterator(chunk_size=200):
            before = {(d._meta.label, d.pk) for d in [*item.renditions.all(), *item.social_crops.all()]}
            found = ensure_derivatives(item)
            if not all(found.values()):
                failed += 1
                self.stderr.write(f"Photo {item.pk}: could not read {item.image.name}")
            elif {(d._meta.label, d.pk) for derived in found.values() for d in derived} != before:
                made += 1
        self.stdout.write(f"Renditions and social crops made for {made} photo(s); {failed} could not be read.")
        if failed:
            raise CommandError(f"{failed} photo file(s) could not be read; see the messages above.")
