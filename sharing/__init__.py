"""Share counts that are true: share links go through our own redirect, which counts the click in the
cache (as Most Read counts views, no database write per click); totals are flushed onto
``Article.share_count`` in batches.
"""
