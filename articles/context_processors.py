from django.conf import settings
from django.utils.translation import get_language

from editions import all_editions, get_edition


def edition(request):
    """The reader's edition and the list of editions, for every template."""
    return {
        "edition": get_edition(get_language()),
        "editions": all_editions(),
        "site_name": settings.NEWSROOM_SITE_NAME,
    }
