"""The site's public address, for links written outside a request (webhooks, push alerts, emails).

``NEWSROOM_SITE_URL`` (environment ``SITE_URL``) is the origin readers use, e.g.
``https://www.themeridian.news``. ``OFFLINE_REQUEST`` stands in for a request where code that
makes addresses whole expects one (``request.build_absolute_uri``), such as the API serializers.
"""

from urllib.parse import urljoin

from django.conf import settings


def site_url(path="/"):
    return urljoin(settings.NEWSROOM_SITE_URL.rstrip("/") + "/", path.lstrip("/"))


class OfflineRequest:
    """Just enough of a request for serializers that make addresses whole."""

    def build_absolute_uri(self, location="/"):
        return site_url(location)


OFFLINE_REQUEST = OfflineRequest()
