from django.apps import AppConfig


class FragmentsConfig(AppConfig):
    """Pieces many pages show alike, kept in the cache under their surrogate keys; ``{% fragment %}``."""

    name = "fragments"
    verbose_name = "Shared fragments"
