"""The page cache: whole anonymous responses (pages, feeds, sitemaps, API) kept in the cache.

``middleware`` serves and stores them; ``generations`` decides which stored
copies are still current; ``signals`` tells it when content changed.
"""
