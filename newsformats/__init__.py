"""The news industry's formats, read into one plain ``NewsItem``: ninjs (1.x-3.x), NewsML-G2, NITF, RSS/Atom.

Pure reading and validation against the official schemas shipped in ``schemas/`` (resolved offline),
with hardened XML parsing (``xmlsafe``); no models and no database. ``wire`` stores and files what
these read; ``documents.read`` tells the formats apart.
"""
