"""Email briefings: a daily email per edition with the day's top stories.

Readers subscribe on ``/<edition>/briefing/`` and confirm from an email (double opt-in); every
briefing carries one-click unsubscribe headers (RFC 8058). Editors may pick the day's stories in
the admin (*Briefings*); without picks the briefing takes the edition's Most Read. Sending is a
task the workers run each morning at the edition's hour (``tasks.periodic``), through Django's
email backend (``EMAIL_URL``).
"""
