"""Cut the 16:9, 4:3 and 1:1 social crops for photos uploaded before they were made on save."""

from django.core.management.base import BaseCommand

from articles.models import Photo
from discovery.crops import ensure_social_crops
from discovery.models import SocialCrop


class Command(BaseCommand):
    help = "Make missing or outdated social-card crops for every library photo."

    def handle(self, *args, **options):
        # Crops from before their sizes were stored are cut again.
        for crop in SocialCrop.objects.filter(width__isnull=True):
            crop.image.delete(save=False)
            crop.delete()
        count = 0
        for photo in Photo.objects.prefetch_related("social_crops").iterator(chunk_size=200):
            if ensure_social_crops(photo):
                count += 1
        self.stdout.write(self.style.SUCCESS(f"{count} photos have current social crops."))
