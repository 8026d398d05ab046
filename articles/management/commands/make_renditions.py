"""Make missing or outdated photo renditions, e.g. after restoring media or a size change.

New uploads get their renditions when saved; this command catches up photos
that arrived another way (a database import, an older release).
"""

from django.core.management.base import BaseCommand, CommandError

from articles.models import Photo
from articles.renditions import ensure_renditions


class Command(BaseCommand):
    help = "Make the responsive renditions of every library photo that lacks current ones."

    def add_arguments(self, parser):
        parser.add_argument("--photo", type=int, action="append", help="Only this photo id (repeatable).")

    def handle(self, *args, photo=None, **options):
        photos = Photo.objects.prefetch_related("renditions").order_by("pk")
        if photo:
            photos = photos.filter(pk__in=photo)
        made = failed = 0
        for item in photos.iterator(chunk_size=200):
            before = {r.pk for r in item.renditions.all()}
            renditions = ensure_renditions(item)
            if not renditions:
                failed += 1
                self.stderr.write(f"Photo {item.pk}: could not read {item.image.name}")
            elif {r.pk for r in renditions} != before:
                made += 1
        self.stdout.write(f"Renditions made for {made} photo(s); {failed} could not be read.")
        if failed:
            raise CommandError(f"{failed} photo file(s) could not be read; see the messages above.")
