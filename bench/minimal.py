"""The benchmark's Django ceiling: a whole Django project of one view, no middleware, no database.

Settings, URLs and WSGI application in one module (``DJANGO_SETTINGS_MODULE=bench.minimal``),
served by ``bench/run`` with the site's own gunicorn settings and returning the bytes of the
article page (``NEWSROOM_BENCH_BODY``). What Django and gunicorn cost at the least: a page
served by the site, cached or not, is measured against it.
"""

import os

from django.core.wsgi import get_wsgi_application
from django.urls import path

from bench.views import bare

SECRET_KEY = "bench-minimal-project-not-for-production"
DEBUG = False
ALLOWED_HOSTS = ["127.0.0.1", "localhost"]
ROOT_URLCONF = __name__
INSTALLED_APPS = []
MIDDLEWARE = []
DATABASES = {}
USE_TZ = True

urlpatterns = [path("bench/bare/", bare)]

os.environ.setdefault("DJANGO_SETTINGS_MODULE", __name__)
application = get_wsgi_application()
