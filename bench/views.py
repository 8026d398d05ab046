"""A bare view returning fixed bytes: the article page's (``bench/run`` saves it in ``NEWSROOM_BENCH_BODY``).

Two rows of the benchmark serve it: the minimal Django project (``bench.minimal``, the ceiling
every Django figure is divided by) and the site itself at ``/bench/bare/`` (mounted only when
``NEWSROOM_BENCH_BODY`` names a file, never in a normal deployment), through all of the site's
middleware: the gap between the two is what the middleware costs.
"""

import os
from functools import cache

from django.http import HttpResponse


@cache
def _body():
    with open(os.environ["NEWSROOM_BENCH_BODY"], "rb") as file:
        return file.read()


def bare(request):
    return HttpResponse(_body(), content_type="text/html; charset=utf-8")
