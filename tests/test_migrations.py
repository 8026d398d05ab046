"""Every migration of our apps runs backwards as well as forwards, and none is missing."""

import io
from pathlib import Path

import pytest
from django.apps import apps
from django.conf import settings
from django.core.management import call_command
from django.db import connection
from django.db.migrations.recorder import MigrationRecorder

# Migrating to zero drops tables, so this runs outside a transaction and Django
# reloads the migrated data (sections, roles) afterwards.
pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

OUR_APPS = sorted(
    config.label
    for config in apps.get_app_configs()
    if Path(config.path).is_relative_to(settings.BASE_DIR)
    and "site-packages" not in Path(config.path).parts  # libraries installed into .venv
    and (Path(config.path) / "migrations").is_dir()
)


def applied(app_label):
    return {name for app, name in MigrationRecorder(connection).applied_migrations() if app == app_label}


def test_no_model_change_lacks_a_migration():
    call_command("makemigrations", "--check", "--dry-run", stdout=io.StringIO())


@pytest.mark.parametrize("app_label", OUR_APPS)
def test_app_migrates_to_zero_and_back(app_label):
    call_command("migrate", app_label, "zero", verbosity=0, stdout=io.StringIO())
    assert applied(app_label) == set()

    call_command("migrate", verbosity=0, stdout=io.StringIO())

    assert applied(app_label)
    for model in apps.get_app_config(app_label).get_models():
        if model._meta.managed and not model._meta.proxy:
            model.objects.exists()  # the table is back with the columns the model expects
