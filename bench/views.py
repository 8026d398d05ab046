"""The benchmark's ceiling: a bare view returning fixed bytes through the same server and middleware.

Mounted at ``/bench/bare/`` only when ``NEWSROOM_BENCH_BODY`` names a file
(``bench/run`` saves the article page there), never in a normal deployment.
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
