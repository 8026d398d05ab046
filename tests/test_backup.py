"""``manage.py backup``, ``restore`` and ``restore --check`` on the database under test (SQLite or PostgreSQL)."""

import io
import json
import os
import shutil

import pytest
from django.contrib.auth.models import Group, User
from django.core.management import CommandError, call_command
from django.db import connection
from django.db.migrations.recorder import MigrationRecorder

from articles.models import Article
from backups.engines import postgres
from backups.manifest import MANIFEST
from media.models import Photo, Rendition
from newsroom.settings import backup_storage
from taxonomy.models import Section
from tests import queue_tasks
from tests.factories import ArticleFactory, PhotoFactory, UserFactory

# Backups read the database from another connection (pg_dump, SQLite's backup API) and a restore
# replaces it, so these tests commit for real and Django reloads the migrated data afterwards.
pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


def snapshot():
    return {
        "articles": sorted(Article.objects.values_list("pk", "headline", "body", "status", "edition")),
        "tags": sorted((a.pk, tuple(sorted(a.tags.names()))) for a in Article.objects.all()),
        "photos": sorted(Photo.objects.values_list("pk", "image", "caption", "width")),
        "renditions": Rendition.objects.count(),
        "sections": Section.objects.count(),
        "users": sorted(User.objects.values_list("username", "password")),
        "roles": sorted((g.name, g.permissions.count()) for g in Group.objects.all()),
    }


def media_bytes(settings):
    root = settings.MEDIA_ROOT
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in root.rglob("*") if p.is_file()}


def backup(folder):
    call_command("backup", str(folder), stdout=io.StringIO(), skip_checks=False)
    return json.loads((folder / MANIFEST).read_text())


def check(folder):
    out = io.StringIO()
    call_command("restore", str(folder), check=True, stdout=out, skip_checks=False)
    return out.getvalue()


@pytest.fixture
def content(db):
    UserFactory(username="desk", role="Editor")
    photo = PhotoFactory()
    ArticleFactory(headline="Río Bravo treaty signed", hero_photo=photo, tags=["Water", "Treaties"])
    ArticleFactory(edition="ar", headline="توقيع معاهدة النهر", status=Article.Status.DRAFT, publish_at=None)
    queue_tasks.note.enqueue("/dev/null", "a task row, keyed by a UUID")


def test_backup_change_restore_brings_everything_back(content, settings, tmp_path):
    before, files_before = snapshot(), media_bytes(settings)
    backup(tmp_path / "b1")

    Article.objects.all().delete()
    ArticleFactory(headline="Written after the backup")
    (settings.MEDIA_ROOT / next(iter(files_before))).unlink()

    call_command("restore", str(tmp_path / "b1"), yes=True, stdout=io.StringIO())

    assert snapshot() == before
    assert media_bytes(settings) == files_before


def test_restored_articles_are_searchable(content, client, tmp_path):
    backup(tmp_path / "b1")
    call_command("restore", str(tmp_path / "b1"), yes=True, stdout=io.StringIO())

    response = client.get("/en/search/", {"q": "treaty"})

    assert "Río Bravo treaty signed" in response.content.decode()


def test_manifest_records_schema_counts_and_a_sample(content, tmp_path):
    manifest = backup(tmp_path / "b1")

    assert manifest["engine"]["database"] == connection.vendor
    applied = MigrationRecorder(connection).applied_migrations()
    assert manifest["schema"]["articles"] == max(name for app, name in applied if app == "articles")
    assert manifest["inventory"]["counts"]["articles_article"] == 2
    assert len(manifest["inventory"]["sample"]["articles_article"]) == 2
    assert manifest["media"]["kept_in"] == "backup" and manifest["media"]["files"] >= 1


def test_a_second_backup_links_unchanged_media_instead_of_copying(content, settings, tmp_path):
    first = backup(tmp_path / "b1")
    PhotoFactory()  # new files since the first backup
    second = backup(tmp_path / "b2")

    assert first["media"]["copied"] == first["media"]["files"]
    assert second["media"]["linked"] == first["media"]["files"]
    assert second["media"]["copied"] == second["media"]["files"] - first["media"]["files"] > 0
    some_file = next(p for p in (tmp_path / "b1" / "media").rglob("*") if p.is_file())
    twin = tmp_path / "b2" / "media" / some_file.relative_to(tmp_path / "b1" / "media")
    assert os.path.samefile(some_file, twin)


def test_media_in_an_object_store_is_left_to_its_versioning(content, settings, tmp_path):
    settings.STORAGES = {**settings.STORAGES, "default": {"BACKEND": "tests.test_backup.ObjectStore"}}

    manifest = backup(tmp_path / "b1")

    assert manifest["media"] == {"kept_in": "object store", "backend": "tests.test_backup.ObjectStore"}
    assert not (tmp_path / "b1" / "media").exists()


class ObjectStore:
    """Stands in for an S3 storage class: anything that is not a file system storage."""


def test_check_restores_into_a_scratch_database_and_leaves_the_site_alone(content, tmp_path):
    backup(tmp_path / "b1")
    ArticleFactory(headline="Written after the backup")

    report = check(tmp_path / "b1")

    assert "Check passed" in report
    assert Article.objects.filter(headline="Written after the backup").exists()
    assert Article.objects.count() == 3


def test_check_finds_rows_that_do_not_match_the_manifest(content, tmp_path):
    manifest = backup(tmp_path / "b1")
    sample = manifest["inventory"]["sample"]["articles_article"]
    sample[0][1] = "0" * 16
    manifest["inventory"]["counts"]["articles_section"] += 1
    (tmp_path / "b1" / MANIFEST).write_text(json.dumps(manifest))

    with pytest.raises(CommandError) as error:
        check(tmp_path / "b1")

    assert f"articles_article: the row with key {sample[0][0]} differs" in str(error.value)
    assert "articles_section:" in str(error.value)


def test_check_finds_missing_media(content, tmp_path):
    backup(tmp_path / "b1")
    next(p for p in (tmp_path / "b1" / "media").rglob("*") if p.is_file()).unlink()

    with pytest.raises(CommandError, match="media: "):
        check(tmp_path / "b1")


def test_restore_refuses_a_backup_from_a_newer_schema(content, tmp_path):
    manifest = backup(tmp_path / "b1")
    manifest["schema"]["articles"] = "9999_from_the_future"
    (tmp_path / "b1" / MANIFEST).write_text(json.dumps(manifest))

    for options in ({"yes": True}, {"check": True}):
        with pytest.raises(CommandError, match=r"newer version of the code.*articles\.9999_from_the_future"):
            call_command("restore", str(tmp_path / "b1"), stdout=io.StringIO(), **options)
    assert Article.objects.count() == 2


def test_restore_refuses_a_folder_that_is_not_a_backup(tmp_path):
    (tmp_path / "notes").mkdir()
    (tmp_path / "notes" / MANIFEST).write_text("not json")

    with pytest.raises(CommandError, match="not a newsroom backup"):
        call_command("restore", str(tmp_path / "notes"), yes=True)
    with pytest.raises(CommandError, match="not a backup folder"):
        call_command("restore", str(tmp_path / "missing"), yes=True)


def test_backup_never_overwrites_an_existing_folder(content, tmp_path):
    (tmp_path / "b1").mkdir()

    with pytest.raises(CommandError, match="already exists"):
        backup(tmp_path / "b1")


def test_restore_asks_before_replacing_everything(content, tmp_path, monkeypatch):
    backup(tmp_path / "b1")
    monkeypatch.setattr("builtins.input", lambda prompt: "no")

    with pytest.raises(CommandError, match="cancelled"):
        call_command("restore", str(tmp_path / "b1"))
    assert Article.objects.count() == 2


def test_restored_site_serves_no_page_cached_from_before(content, client, settings, tmp_path):
    settings.NEWSROOM_PAGE_CACHE = True
    backup(tmp_path / "b1")
    Article.objects.update(headline="Changed after the backup")
    # Cached with the changed headline (a queryset update invalidates nothing).
    assert "Changed after the backup" in client.get("/en/").content.decode()

    call_command("restore", str(tmp_path / "b1"), yes=True, stdout=io.StringIO())

    assert "Changed after the backup" not in client.get("/en/").content.decode()


@pytest.mark.skipif(connection.vendor != "postgresql", reason="pg_dump versions matter on PostgreSQL only")
def test_client_tools_older_than_the_server_are_refused(content, settings, tmp_path, monkeypatch):
    monkeypatch.setattr(postgres, "tool_major", lambda path: postgres.server_major() - 1)

    with pytest.raises(CommandError, match="install the matching client tools"):
        backup(tmp_path / "b1")
    assert not (tmp_path / "b1").exists() and not (tmp_path / "b1.partial").exists()


@pytest.fixture
def backup_bucket(s3_endpoint, s3_bucket, settings, tmp_path):
    """Backups copied to a bucket on a real S3 API (moto), configured as ``BACKUP_STORAGE_URL`` would be."""
    client = s3_bucket("meridian-backups")
    url = f"s3://meridian-backups/nightly?endpoint_url={s3_endpoint}"
    settings.STORAGES = {**settings.STORAGES, **backup_storage({"BACKUP_STORAGE_URL": url})}
    settings.NEWSROOM_BACKUP_DIR = tmp_path / "backups"
    return client


def bucket_keys(client):
    pages = client.get_paginator("list_objects_v2").paginate(Bucket="meridian-backups")
    return {item["Key"] for page in pages for item in page.get("Contents", [])}


def test_a_finished_backup_is_copied_to_the_backup_bucket(content, backup_bucket, tmp_path):
    out = io.StringIO()
    call_command("backup", str(tmp_path / "b1"), stdout=out)

    local = {p.relative_to(tmp_path).as_posix() for p in (tmp_path / "b1").rglob("*") if p.is_file()}
    assert {f"nightly/{name}" for name in local} == bucket_keys(backup_bucket)
    assert "b1/manifest.json" in local and any(name.startswith("b1/media/") for name in local)
    assert f"Copied {len(local)} files to s3://meridian-backups/nightly/b1" in out.getvalue()


def test_a_backup_only_in_the_bucket_is_fetched_and_restored(content, backup_bucket, settings):
    before, files_before = snapshot(), media_bytes(settings)
    call_command("backup", stdout=io.StringIO())
    (name,) = os.listdir(settings.NEWSROOM_BACKUP_DIR)
    shutil.rmtree(settings.NEWSROOM_BACKUP_DIR / name)  # the machine that made it is gone
    Article.objects.all().delete()
    shutil.rmtree(settings.MEDIA_ROOT)

    listed = io.StringIO()
    call_command("backup", list=True, stdout=listed)
    assert f"s3://meridian-backups/nightly:\n  {name}" in listed.getvalue()
    assert "Check passed" in check(name)
    call_command("restore", name, yes=True, stdout=io.StringIO())

    assert snapshot() == before
    assert media_bytes(settings) == files_before
    assert (settings.NEWSROOM_BACKUP_DIR / name / MANIFEST).is_file()


def test_a_backup_that_cannot_reach_the_bucket_stays_whole_on_disk_and_says_so(
    content, s3_endpoint, s3_bucket, settings, tmp_path
):
    url = f"s3://no-such-bucket/nightly?endpoint_url={s3_endpoint}"
    settings.STORAGES = {**settings.STORAGES, **backup_storage({"BACKUP_STORAGE_URL": url})}

    with pytest.raises(CommandError, match=r"complete, but copying it to s3://no-such-bucket/nightly failed"):
        call_command("backup", str(tmp_path / "b1"), stdout=io.StringIO())

    assert (tmp_path / "b1" / MANIFEST).is_file()
    assert "Check passed" in check(tmp_path / "b1")


def test_restoring_a_name_found_nowhere_says_where_it_looked(content, backup_bucket):
    with pytest.raises(CommandError, match="no backup called newsroom-1999 here nor in s3://meridian-backups/nightly"):
        call_command("restore", "newsroom-1999", yes=True)
