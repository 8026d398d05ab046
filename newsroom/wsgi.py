"""The site's WSGI application: Django, with the page cache's hits answered in front of it."""

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "newsroom.settings")

django_application = get_wsgi_application()

from monitoring.middleware import observe  # noqa: E402 (apps are loaded above)
from pagecache.front import PageCacheFront  # noqa: E402

application = PageCacheFront(django_application, observe=observe)
