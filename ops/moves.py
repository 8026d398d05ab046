"""Moving models from one app to another without copying a row.

The model keeps its table (``Meta.db_table``); the migrations move it in Django's state only
(``SeparateDatabaseAndState``), and ``rename_content_types`` gives its content type to the new app so
the permissions roles hold on it, its revisions and its admin log entries follow it.
"""

from django.db import migrations


def rename_content_types(moves):
    """A reversible ``RunPython`` renaming content types: ``moves`` is {(old app, new app): [model names]}.

    A type already under the new name (made by ``migrate`` for the installed models after an earlier
    move back) holds only fresh, unassigned permissions: it gives way to the one that is renamed.
    """

    def rename(apps, backwards):
        content_type = apps.get_model("contenttypes", "ContentType")
        for (old_app, new_app), models in moves.items():
            source, target = (new_app, old_app) if backwards else (old_app, new_app)
            for model in models:
                if content_type.objects.filter(app_label=source, model=model).exists():
                    content_type.objects.filter(app_label=target, model=model).delete()
                    content_type.objects.filter(app_label=source, model=model).update(app_label=target)

    return migrations.RunPython(
        lambda apps, schema_editor: rename(apps, backwards=False),
        lambda apps, schema_editor: rename(apps, backwards=True),
    )
