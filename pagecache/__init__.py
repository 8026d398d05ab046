"""The page cache: whole anonymous responses (pages, feeds, sitemaps, API) kept in the cache.

``middleware`` serves and stores them; ``shown`` collects the surrogate keys of what a page
shows; ``generations`` keeps a token per key and decides which stored copies are still current;
``registry`` is where the apps declare what their changes renew; ``purging`` tells a CDN.
"""
