"""Demo content for a fresh newsroom: invented stories, people and pictures in every edition.

The words live in ``content/<edition>.toml`` (one file per language, written by
people, not machine-translated), the pictures are drawn by ``images``, and
``seeder`` turns both into database rows. Used by ``manage.py seed_demo``.
"""
