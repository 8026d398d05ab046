"""Who did what: a site-wide, append-only audit log.

Entries are written by ``audit.log.record`` (for any app), by the receivers in
``audit.signals`` (logins, the article workflow, permission and group changes, ingest runs,
the admin's change log) and for every model registered with ``audit.registry.track``.
Nobody edits or deletes an entry through the site; ``manage.py prune_audit_log`` (or the
``audit.tasks.prune_audit_log`` task) removes those older than ``NEWSROOM_AUDIT_RETENTION_DAYS``.
"""
