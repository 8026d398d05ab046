"""The read-replica settings and rules that need no replica (``ops.replicas``; the real one: test_read_replicas)."""

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.db import DEFAULT_DB_ALIAS

from articles.models import Article
from newsroom.settings import backup_storage, database_replicas
from ops import replicas

PRIMARY = {"ENGINE": "django.db.backends.postgresql", "CONN_MAX_AGE": 60}


def test_replica_urls_become_test_mirrors_of_the_primary_that_give_up_connecting_quickly():
    found = database_replicas(
        {"DATABASE_REPLICA_URLS": "postgres://app@db-2:5432/news, postgres://app@db-3/news?sslmode=require"}, PRIMARY
    )
    assert list(found) == ["replica_1", "replica_2"]
    assert found["replica_1"]["HOST"] == "db-2" and found["replica_2"]["HOST"] == "db-3"
    assert found["replica_2"]["OPTIONS"] == {"sslmode": "require", "connect_timeout": 3}
    assert all(replica["TEST"] == {"MIRROR": "default"} for replica in found.values())
    assert found["replica_1"]["CONN_MAX_AGE"] == 60
    assert database_replicas({}, PRIMARY) == {}


def test_a_replica_of_another_kind_of_database_is_refused_clearly():
    with pytest.raises(ImproperlyConfigured, match=r"replica 1 is django\.db\.backends\.sqlite3"):
        database_replicas({"DATABASE_REPLICA_URLS": "sqlite:///elsewhere.sqlite3"}, PRIMARY)
    with pytest.raises(ImproperlyConfigured, match="DATABASE_REPLICA_URLS"):
        database_replicas({"DATABASE_REPLICA_URLS": "gopher://db-2/news"}, PRIMARY)


def test_the_backup_bucket_is_read_like_the_media_bucket():
    found = backup_storage({"BACKUP_STORAGE_URL": "s3://vault/nightly?endpoint_url=http://127.0.0.1:9000"})
    assert found["backups"]["OPTIONS"] == {
        "bucket_name": "vault",
        "location": "nightly",
        "endpoint_url": "http://127.0.0.1:9000",
    }
    assert backup_storage({}) == {}
    with pytest.raises(ImproperlyConfigured, match="BACKUP_STORAGE_URL must look like s3://"):
        backup_storage({"BACKUP_STORAGE_URL": "/var/backups"})
    with pytest.raises(ImproperlyConfigured, match="BACKUP_STORAGE_URL: unknown option"):
        backup_storage({"BACKUP_STORAGE_URL": "s3://vault?custom_domain=cdn.example.net"})


@pytest.mark.django_db
def test_each_process_checks_a_replica_at_most_once_per_interval(settings, django_assert_num_queries):
    settings.NEWSROOM_REPLICA_CHECK_SECONDS = 60
    health = replicas.Health()
    with django_assert_num_queries(1):  # the primary stands in for a replica that is never behind
        assert all(health.usable(DEFAULT_DB_ALIAS) for _ in range(5))
    settings.NEWSROOM_REPLICA_CHECK_SECONDS = 0
    with django_assert_num_queries(2):
        health.usable(DEFAULT_DB_ALIAS)
        health.usable(DEFAULT_DB_ALIAS)
    settings.NEWSROOM_REPLICA_MAX_LAG_SECONDS = -1
    assert not health.usable(DEFAULT_DB_ALIAS)


@pytest.mark.django_db
def test_reads_outside_a_request_and_all_writes_go_to_the_primary(settings):
    settings.NEWSROOM_REPLICAS = ["replica_1"]
    router = replicas.ReplicaRouter()
    assert router.db_for_read(Article) == DEFAULT_DB_ALIAS
    assert router.db_for_write(Article) == DEFAULT_DB_ALIAS
    story = Article(headline="Read from a replica")
    story._state.db = "replica_1"
    assert router.db_for_write(Article, instance=story) == DEFAULT_DB_ALIAS
    assert router.allow_migrate("replica_1", "articles") is False
    assert router.allow_migrate(DEFAULT_DB_ALIAS, "articles") is None


@pytest.mark.django_db
def test_a_garbled_pin_cookie_is_ignored(client, settings):
    settings.NEWSROOM_REPLICAS = [DEFAULT_DB_ALIAS]  # the mirror of the primary: read as the primary
    client.cookies[replicas.PIN_COOKIE] = "tomorrow"
    read = client.get("/en/")
    assert read.status_code == 200
    assert replicas.PIN_COOKIE not in read.cookies, "reading pins nobody"
    response = client.post("/en/search/")
    assert float(response.cookies[replicas.PIN_COOKIE].value) > 0
    assert response.cookies[replicas.PIN_COOKIE]["max-age"] == replicas.pin_seconds()
