"""The audit log (app ``audit``): what is recorded, by whom, that nobody changes it, and pruning."""

import io
from datetime import timedelta

import pytest
from django.contrib.auth.models import Group
from django.core.management import CommandError, call_command
from django.urls import reverse
from django.utils import timezone

from articles.models import Article, Source
from audit.context import acting_as
from audit.models import AppendOnlyError, AuditEntry
from audit.registry import track, untrack
from audit.services import prune
from tests.factories import ArticleFactory, UserFactory
from wire.models import AgencyToken
from wire.services import WireIngester

pytestmark = pytest.mark.django_db
PASSWORD = "correct-horse-battery"


@pytest.fixture
def committed(django_capture_on_commit_callbacks):
    """Run what waits for the transaction to commit (the purge is announced on commit)."""

    def run(action, *args, **kwargs):
        with django_capture_on_commit_callbacks(execute=True):
            return action(*args, **kwargs)

    return run


def actions(**filters):
    return list(AuditEntry.objects.filter(**filters).order_by("pk").values_list("action", flat=True))


# --- logins -------------------------------------------------------------------------------------------


def test_a_login_is_recorded_with_the_person_and_address(client):
    user = UserFactory(username="amira")

    client.post(reverse("admin:login"), {"username": "amira", "password": PASSWORD}, REMOTE_ADDR="192.0.2.10")

    entry = AuditEntry.objects.get(action="login")
    assert (entry.actor, entry.actor_name, entry.ip) == (user, "amira", "192.0.2.10")


def test_a_failed_login_is_recorded_with_the_name_tried_and_never_the_password(client):
    UserFactory(username="amira")

    client.post(reverse("admin:login"), {"username": "amira", "password": "guess-123"}, REMOTE_ADDR="192.0.2.11")

    entry = AuditEntry.objects.get(action="login_failed")
    assert (entry.actor, entry.actor_name, entry.ip) == (None, "amira", "192.0.2.11")
    assert "guess-123" not in f"{entry.message} {entry.changes}"


# --- the article workflow --------------------------------------------------------------------------


def test_publish_schedule_unpublish_trash_restore_and_purge_are_recorded_with_the_editor(committed):
    editor = UserFactory(username="desk", role="Editor")
    with acting_as(editor):
        article = committed(ArticleFactory, status=Article.Status.DRAFT, publish_at=None)
        article.status, article.publish_at = Article.Status.SCHEDULED, timezone.now() + timedelta(hours=2)
        committed(article.save)
        article.status, article.publish_at = Article.Status.PUBLISHED, timezone.now()
        committed(article.save)
        article.headline = "An ordinary edit"
        committed(article.save)
        article.status = Article.Status.UNPUBLISHED
        committed(article.save)
        committed(article.move_to_trash, editor)
        committed(article.restore, editor)
        pk = article.pk
        committed(article.delete)

    expected = ["created", "schedule", "publish", "unpublish", "trash", "restore", "purge"]
    assert actions(object_id=str(pk), content_type__model="article") == expected
    entries = AuditEntry.objects.filter(object_id=str(pk), content_type__model="article")
    assert set(entries.values_list("actor_name", flat=True)) == {"desk"}


def test_an_admin_purge_from_the_trash_names_the_admin(client, committed):
    chief = UserFactory(username="chief", is_superuser=True)
    article = ArticleFactory()
    article.move_to_trash()
    client.force_login(chief)

    committed(
        client.post,
        reverse("admin:articles_trashedarticle_changelist"),
        {"action": "delete_selected", "_selected_action": [article.pk], "post": "yes"},
        REMOTE_ADDR="192.0.2.20",
    )

    purge = AuditEntry.objects.get(action="purge")
    assert (purge.actor, purge.ip, purge.object_id) == (chief, "192.0.2.20", str(article.pk))
    assert AuditEntry.objects.filter(action="admin_deleted", actor=chief).exists()


# --- permissions, groups, people -------------------------------------------------------------------


def test_group_and_permission_changes_are_recorded(committed):
    admin = UserFactory(username="root", is_superuser=True)
    reporter = UserFactory(username="sam")
    with acting_as(admin):
        committed(reporter.groups.add, Group.objects.get(name="Editor"))
        group = committed(Group.objects.create, name="Night desk")

    grant = AuditEntry.objects.get(action="permissions", object_id=str(reporter.pk))
    assert grant.changes == {"groups added": ["Editor"]}
    assert grant.actor == admin
    assert AuditEntry.objects.filter(action="created", object_id=str(group.pk), actor=admin).exists()


def test_making_someone_a_superuser_is_recorded_but_a_login_timestamp_is_not(committed):
    user = UserFactory(username="sam")
    user.last_login = timezone.now()
    committed(user.save)
    user.is_superuser = True
    committed(user.save)

    entry = AuditEntry.objects.get(action="changed", object_id=str(user.pk))
    assert entry.changes == {"is_superuser": [False, True]}


# --- agency tokens and the wire ------------------------------------------------------------------


def test_agency_tokens_issued_and_revoked_are_recorded_without_the_secret(committed):
    agency = Source.objects.create(name="Wire Agency", slug="wire-agency")
    token, secret = committed(AgencyToken.issue, agency, "feed server")
    committed(token.revoke)

    issued, revoked = AuditEntry.objects.filter(object_id=str(token.pk)).order_by("pk")
    assert (issued.action, revoked.action) == ("token_issued", "token_revoked")
    assert secret not in str(issued.changes) and token.token_hash not in str(issued.changes)
    assert issued.changes["token_hash"] == ["…", "…"]


def test_an_ingest_run_is_recorded_with_its_outcomes(committed):
    agency = Source.objects.create(name="Wire Agency", slug="wire-agency")
    item = {
        "uri": "urn:agency:audit-1",
        "type": "text",
        "language": "en",
        "headlines": [{"role": "main", "value": "Dam talks resume"}],
        "bodies": [{"role": "main", "contentType": "text/html", "value": "<p>Talks.</p>"}],
    }

    committed(WireIngester(source=agency).ingest_many, [item, {"type": "text"}])

    entry = AuditEntry.objects.get(action="ingest_run")
    assert entry.object_repr == "Wire Agency"
    assert entry.changes == {"channel": "api", "created": 1, "rejected": 1}


def test_changes_made_in_the_admin_are_recorded_with_its_change_message(client, committed):
    chief = UserFactory(username="chief", is_superuser=True)
    client.force_login(chief)
    agency = Source.objects.create(name="Wire Agency", slug="wire-agency")

    committed(
        client.post,
        reverse("admin:articles_source_change", args=[agency.pk]),
        {"name": "Wire Agency International", "slug": "wire-agency"},
    )

    entry = AuditEntry.objects.get(action="admin_changed")
    assert entry.actor == chief
    assert "Wire Agency International" in entry.message and "Name" in entry.message


# --- other apps register their models ---------------------------------------------------------------


def test_a_registered_model_is_recorded_with_the_fields_that_changed(committed):
    track(Source, exclude=["slug"])
    try:
        source = committed(Source.objects.create, name="Agence", slug="agence")
        source.name = "Agence Presse"
        committed(source.save)
        committed(source.delete)
    finally:
        untrack(Source)

    entries = list(AuditEntry.objects.filter(content_type__model="source").order_by("pk"))
    assert [e.action for e in entries] == ["created", "changed", "deleted"]
    assert entries[1].changes == {"name": ["Agence", "Agence Presse"]}


# --- append-only ------------------------------------------------------------------------------------------


def test_entries_cannot_be_changed_or_deleted_through_the_code():
    entry = AuditEntry.objects.create(action="login", actor_name="amira")

    with pytest.raises(AppendOnlyError):
        entry.save()
    with pytest.raises(AppendOnlyError):
        entry.delete()
    with pytest.raises(AppendOnlyError):
        AuditEntry.objects.update(actor_name="someone else")
    with pytest.raises(AppendOnlyError):
        AuditEntry.objects.all().delete()
    assert AuditEntry.objects.get().actor_name == "amira"


def test_the_admin_shows_entries_but_nobody_adds_changes_or_deletes_them(client):
    client.force_login(UserFactory(username="root", is_superuser=True))
    entry = AuditEntry.objects.create(action="login", actor_name="amira")

    assert client.get(reverse("admin:audit_auditentry_changelist")).status_code == 200
    page = client.get(reverse("admin:audit_auditentry_change", args=[entry.pk]))
    assert page.status_code == 200 and b'name="_save"' not in page.content
    assert (
        client.post(reverse("admin:audit_auditentry_change", args=[entry.pk]), {"actor_name": "x"}).status_code == 403
    )
    assert client.get(reverse("admin:audit_auditentry_add")).status_code == 403
    assert client.post(reverse("admin:audit_auditentry_delete", args=[entry.pk]), {"post": "yes"}).status_code == 403
    assert AuditEntry.objects.get(pk=entry.pk).actor_name == "amira"


def test_admins_filter_by_person_action_and_time_and_editors_cannot_read_the_log(client):
    amira, sam = UserFactory(username="amira"), UserFactory(username="sam")
    AuditEntry.objects.create(action="login", actor=amira, actor_name="amira")
    AuditEntry.objects.create(action="publish", actor=amira, actor_name="amira", object_repr="Dam story")
    AuditEntry.objects.create(action="publish", actor=sam, actor_name="sam", object_repr="Port story")
    AuditEntry.objects.create(
        action="publish",
        actor=amira,
        actor_name="amira",
        object_repr="Old story",
        at=timezone.now() - timedelta(days=40),
    )
    url = reverse("admin:audit_auditentry_changelist")
    client.force_login(UserFactory(username="boss", role="Admin"))

    since = (timezone.now() - timedelta(days=7)).date().isoformat()
    html = client.get(url, {"action": "publish", "actor__id__exact": amira.pk, "at__gte": since}).content.decode()

    assert "Dam story" in html
    assert "Port story" not in html and "Old story" not in html
    client.force_login(UserFactory(username="desk", role="Editor"))
    assert client.get(url).status_code == 403


# --- retention ---------------------------------------------------------------------------------------------


def test_pruning_removes_only_entries_past_the_retention_period_and_says_so(settings):
    settings.NEWSROOM_AUDIT_RETENTION_DAYS = 30
    AuditEntry.objects.create(action="login", actor_name="old", at=timezone.now() - timedelta(days=31))
    AuditEntry.objects.create(action="login", actor_name="recent", at=timezone.now() - timedelta(days=29))

    out = io.StringIO()
    call_command("prune_audit_log", stdout=out)

    assert "Removed 1 audit entries" in out.getvalue()
    assert sorted(AuditEntry.objects.values_list("actor_name", flat=True)) == ["recent", "retention"]
    assert AuditEntry.objects.get(action="pruned").message == "1 entries older than 30 days"


def test_pruning_refuses_a_retention_shorter_than_a_day():
    with pytest.raises(CommandError, match="at least 1"):
        call_command("prune_audit_log", days=0)


def test_pruning_runs_as_a_task_of_the_queue():
    from audit.tasks import prune_audit_log

    AuditEntry.objects.create(action="login", actor_name="old", at=timezone.now() - timedelta(days=5000))

    assert prune_audit_log.call() == 1
    assert prune() == 0


def test_loading_fixtures_is_not_someone_granting_rights(committed):
    from django.core import serializers

    group = Group.objects.create(name="Night desk")
    group.permissions.set(Group.objects.get(name="Editor").permissions.all()[:2])
    data = serializers.serialize("json", [group])
    group.delete()
    before = AuditEntry.objects.filter(action="permissions").count()

    for loaded in serializers.deserialize("json", data):
        committed(loaded.save)

    assert Group.objects.get(name="Night desk").permissions.count() == 2
    assert AuditEntry.objects.filter(action="permissions").count() == before
