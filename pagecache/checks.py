"""Catch a CDN purger that is configured but cannot work, at start-up rather than at the first purge."""

from django.conf import settings
from django.core.checks import Error, register
from django.utils.module_loading import import_string


@register()
def purger_is_usable(app_configs, **kwargs):
    path = settings.NEWSROOM_PAGE_CACHE_PURGER
    if not path:
        return []
    try:
        import_string(path)
    except ImportError as exc:
        return [Error(f"NEWSROOM_PAGE_CACHE_PURGER {path!r} cannot be imported: {exc}", id="pagecache.E001")]
    configured = settings.NEWSROOM_CDN_SERVICE and settings.NEWSROOM_CDN_API_TOKEN
    if path.startswith("pagecache.purging.") and not configured:
        return [
            Error(
                f"{path} needs NEWSROOM_CDN_SERVICE (the service or zone id) and NEWSROOM_CDN_API_TOKEN",
                id="pagecache.E002",
            )
        ]
    return []
