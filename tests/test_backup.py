"""``manage.py backup`` and ``restore``: a round trip brings back every row and every file."""

import io
import json
import shutil
import tarfile

import pytest
from django.contrib.auth.models import Group, User
from django.core.management import CommandError, call_command

from articles.models import Article
from media.models import Photo, Rendition
from taxonomy.models import Section
from tests.factories import ArticleFactory, PhotoFactory, UserFactory

# Restoring flushes the database, so these tests commit for real and Django
# reloads the migrated data (sections, roles) afterwards.
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


@pytest.fixture
def content(db):
    UserFactory(username="desk", role="Editor")
    photo = PhotoFactory()
    ArticleFactory(headline="Río Bravo treaty signed", hero_photo=photo, tags=["Water", "Treaties"])
    ArticleFactory(edition="ar", headline="توقيع معاهدة النهر", status=Article.Status.DRAFT, publish_at=None)


def test_backup_wipe_restore_brings_everything_back(content, settings, tmp_path):
    before, files_before = snapshot(), media_bytes(settings)
    archive = tmp_path / "site.tar.gz"
    call_command("backup", str(archive), stdout=io.StringIO())

    call_command("flush", interactive=False, verbosity=0)
    shutil.rmtree(settings.MEDIA_ROOT)
    assert Article.objects.count() == 0

    call_command("restore", str(archive), yes=True, stdout=io.StringIO())

    assert snapshot() == before
    assert media_bytes(settings) == files_before


def test_restored_articles_are_searchable_again(content, client, tmp_path):
    archive = tmp_path / "site.tar.gz"
    call_command("backup", str(archive), stdout=io.StringIO())
    call_command("restore", str(archive), yes=True, stdout=io.StringIO())

    response = client.get("/en/search/", {"q": "treaty"})

    assert "Río Bravo treaty signed" in response.content.decode()


def test_archive_holds_a_manifest_the_data_and_the_media(content, tmp_path):
    archive = tmp_path / "site.tar.gz"
    call_command("backup", str(archive), stdout=io.StringIO())

    with tarfile.open(archive) as bundle:
        names = bundle.getnames()
        manifest = json.load(bundle.extractfile("manifest.json"))
    assert "data.json" in names
    assert any(name.startswith("media/photos/") for name in names)
    assert manifest["media_files"] == sum(name.startswith("media/") for name in names)


def test_restore_refuses_a_file_that_is_not_a_backup(tmp_path):
    bogus = tmp_path / "notes.tar.gz"
    bogus.write_bytes(b"not an archive")

    with pytest.raises(CommandError, match="Cannot open"):
        call_command("restore", str(bogus), yes=True)


def test_restore_refuses_a_backup_from_newer_code(content, tmp_path):
    archive = tmp_path / "future.tar.gz"
    manifest = {"format": 1, "migrations": ["articles.9999_from_the_future"], "rows": 0, "media_files": 0}
    with tarfile.open(archive, "w:gz") as bundle:
        data = json.dumps(manifest).encode()
        info = tarfile.TarInfo("manifest.json")
        info.size = len(data)
        bundle.addfile(info, io.BytesIO(data))

    with pytest.raises(CommandError, match="9999_from_the_future"):
        call_command("restore", str(archive), yes=True)
    assert Article.objects.count() == 2


def test_restore_never_writes_outside_the_media_folder(content, settings, tmp_path):
    archive = tmp_path / "evil.tar.gz"
    call_command("backup", str(archive), stdout=io.StringIO())
    with tarfile.open(archive) as bundle:
        members = [(m, bundle.extractfile(m).read() if m.isfile() else None) for m in bundle.getmembers()]
    with tarfile.open(archive, "w:gz") as bundle:
        for member, data in members:
            bundle.addfile(member, io.BytesIO(data) if data is not None else None)
        info = tarfile.TarInfo("media/../../escaped.txt")
        info.size = 4
        bundle.addfile(info, io.BytesIO(b"oops"))

    with pytest.raises(CommandError, match="outside its folder"):
        call_command("restore", str(archive), yes=True, stdout=io.StringIO())
    assert not (tmp_path / "escaped.txt").exists()
    assert not (settings.MEDIA_ROOT.parent / "escaped.txt").exists()


def test_restore_asks_before_replacing_everything(content, tmp_path, monkeypatch):
    archive = tmp_path / "site.tar.gz"
    call_command("backup", str(archive), stdout=io.StringIO())
    monkeypatch.setattr("builtins.input", lambda prompt: "no")

    with pytest.raises(CommandError, match="cancelled"):
        call_command("restore", str(archive))
    assert Article.objects.count() == 2


def test_restored_site_serves_no_page_cached_from_before(content, client, settings, tmp_path):
    settings.NEWSROOM_PAGE_CACHE = True
    archive = tmp_path / "site.tar.gz"
    call_command("backup", str(archive), stdout=io.StringIO())
    Article.objects.update(headline="Changed after the backup")
    # Cached with the changed headline (a queryset update invalidates nothing).
    assert "Changed after the backup" in client.get("/en/").content.decode()

    call_command("restore", str(archive), yes=True, stdout=io.StringIO())

    html = client.get("/en/").content.decode()
    assert "Changed after the backup" not in html
