"""Autosave (desk.autosave, desk.views): a copy of the typing beside the story, offered back when the form reopens."""

import json
from datetime import timedelta

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from reversion.models import Version

from articles.models import Article
from desk.models import AutosavedDraft
from desk.tasks import prune_autosaved_copies
from tests.factories import ArticleFactory, AuthorFactory, GalleryItemFactory, LiveStoryFactory, UserFactory
from tests.test_admin_workflow import change_url, form_data

pytestmark = pytest.mark.django_db

ADD_URL = reverse("admin:articles_article_add")


def autosave_url(object_id, form="article"):
    return reverse("admin:articles_article_autosave", args=[form, object_id])


def as_lists(data):
    return {name: [str(value)] for name, value in data.items()}


def keep(client, object_id, data, form="article", **extra):
    return client.post(autosave_url(object_id, form), {"payload": json.dumps({"data": as_lists(data)})}, **extra)


@pytest.fixture
def story(db):
    return ArticleFactory(headline="Parliament passes the water bill", body="<p>The bill passed by 201 votes.</p>")


def test_a_copy_is_kept_without_touching_the_story_or_making_a_revision(client, editor, story):
    client.force_login(editor)
    before = Article.objects.values().get(pk=story.pk)
    versions = Version.objects.get_for_object(story).count()
    response = keep(client, story.pk, form_data(story, headline="Parliament rejects the water bill"))
    assert response.status_code == 200
    assert "saved_at" in response.json()
    draft = AutosavedDraft.objects.get()
    assert (draft.user, draft.form, draft.article) == (editor, "article", story)
    assert draft.data["headline"] == ["Parliament rejects the water bill"]
    assert Article.objects.values().get(pk=story.pk) == before
    assert Version.objects.get_for_object(story).count() == versions


def test_each_copy_replaces_the_writers_previous_one(client, editor, story):
    client.force_login(editor)
    keep(client, story.pk, form_data(story, headline="First try"))
    keep(client, story.pk, form_data(story, headline="Second try"))
    assert AutosavedDraft.objects.get().data["headline"] == ["Second try"]


def test_a_copy_without_the_csrf_token_is_refused_in_json():
    client = Client(enforce_csrf_checks=True)
    editor = UserFactory(role="Editor")
    story = ArticleFactory()
    client.force_login(editor)
    response = keep(client, story.pk, {"headline": "x"})
    assert response.status_code == 403
    assert response.json()["error"] == "csrf"
    client.get(change_url(story))  # the page hands out the token
    token = client.cookies["csrftoken"].value
    payload = json.dumps({"data": {"headline": ["x"]}})
    response = client.post(autosave_url(story.pk), {"payload": payload, "csrfmiddlewaretoken": token})
    assert response.status_code == 200


def test_an_expired_session_is_answered_in_json_not_with_the_login_page(client, story):
    response = keep(client, story.pk, {"headline": "x"})
    assert response.status_code == 401
    assert response["Content-Type"] == "application/json"
    assert response.json()["error"] == "login"
    assert client.get(reverse("admin:articles_article_session")).status_code == 401
    assert not AutosavedDraft.objects.exists()


def test_only_those_who_may_change_the_story_keep_a_copy_of_it(client, reporter, other_reporter):
    mine = ArticleFactory(created_by=reporter, status=Article.Status.DRAFT)
    client.force_login(other_reporter)
    response = keep(client, mine.pk, {"headline": "Not mine"})
    assert response.status_code == 403
    assert response.json()["error"] == "forbidden"
    client.force_login(reporter)
    assert keep(client, mine.pk, {"headline": "Mine"}).status_code == 200


def test_an_unknown_story_or_form_is_a_json_404(client, editor):
    client.force_login(editor)
    assert keep(client, 999999, {"headline": "x"}).json()["error"] == "not_found"
    assert keep(client, "new", {"headline": "x"}, form="nonsense").status_code == 404


def test_a_copy_over_the_size_limit_is_refused(client, editor, story, settings):
    settings.NEWSROOM_AUTOSAVE_MAX_KB = 1
    client.force_login(editor)
    response = keep(client, story.pk, {"body": "<p>" + "word " * 400 + "</p>"})
    assert response.status_code == 413
    assert "1 KB" in response.json()["message"]
    assert not AutosavedDraft.objects.exists()


@pytest.mark.parametrize("payload", ["not json", "[1, 2]", '{"data": {"headline": "not a list"}}', '{"data": 5}'])
def test_a_malformed_copy_gets_a_clear_error(client, editor, story, payload):
    client.force_login(editor)
    response = client.post(autosave_url(story.pk), {"payload": payload})
    assert response.status_code == 400
    assert response.json()["error"] == "rejected"


def test_reopening_the_form_offers_the_copy_field_by_field_with_a_text_diff(client, editor, story):
    client.force_login(editor)
    keep(
        client,
        story.pk,
        form_data(story, headline="Parliament rejects the water bill", body="<p>The bill failed by 150 votes.</p>"),
    )
    page = client.get(change_url(story)).content.decode()
    assert "Unsaved changes from" in page
    assert timezone.localtime(AutosavedDraft.objects.get().saved_at).strftime("%Y-%m-%d %H:%M") in page
    assert "<del>passes</del><ins>rejects</ins>" in page
    assert "<del>passed</del><ins>failed</ins>" in page  # the body as its words, not its markup
    assert 'data-autosave-action="restore"' in page and 'data-autosave-action="discard"' in page
    assert page.count('<th scope="row">') >= 2


def test_a_copy_that_changes_only_a_row_under_the_form_is_offered_too(client, editor, story):
    item = GalleryItemFactory(article=story, caption="Boats at the quay", position=0)
    client.force_login(editor)
    typed = form_data(story)
    typed.update(
        {
            "gallery_items-TOTAL_FORMS": "1",
            "gallery_items-INITIAL_FORMS": "1",
            "gallery_items-0-id": item.pk,
            "gallery_items-0-article": story.pk,
            "gallery_items-0-photo": item.photo_id,
            "gallery_items-0-position": "0",
        }
    )
    keep(client, story.pk, {**typed, "gallery_items-0-caption": "Boats at the quay"})
    assert "Unsaved changes from" not in client.get(change_url(story)).content.decode()  # the copy says what is saved
    keep(client, story.pk, {**typed, "gallery_items-0-caption": "Boats at the quay at dawn"})
    page = client.get(change_url(story)).content.decode()
    assert "Unsaved changes from" in page
    assert '<th scope="row">Gallery photo 1: Caption</th>' in page
    assert "<span>Boats at the quay</span><ins> at dawn</ins>" in page


def test_no_offer_when_the_copy_says_what_is_saved(client, editor, story):
    client.force_login(editor)
    keep(client, story.pk, form_data(story))
    page = client.get(change_url(story)).content.decode()
    assert "desk-autosave-offer" not in page


def test_another_users_copy_is_not_offered(client, editor, story):
    client.force_login(UserFactory(role="Editor"))
    keep(client, story.pk, form_data(story, headline="Someone else's idea"))
    client.force_login(editor)
    assert "desk-autosave-offer" not in client.get(change_url(story)).content.decode()


def test_the_offer_is_also_answered_to_the_page_script(client, editor, story):
    client.force_login(editor)
    keep(client, story.pk, form_data(story, headline="Parliament rejects the water bill"))
    offer = client.get(autosave_url(story.pk)).json()["offer"]
    assert "<del>passes</del><ins>rejects</ins>" in offer


def test_saving_the_story_deletes_the_writers_copy_and_discard_drops_it(client, editor, story):
    client.force_login(editor)
    keep(client, story.pk, form_data(story, headline="Parliament rejects the water bill"))
    response = client.post(change_url(story), form_data(story, headline="Parliament rejects the water bill"))
    assert response.status_code == 302
    assert not AutosavedDraft.objects.exists()
    keep(client, story.pk, form_data(story, headline="Another idea"))
    answer = client.post(autosave_url(story.pk), {"payload": json.dumps({"discard": True})})
    assert answer.json() == {"discarded": True}
    assert not AutosavedDraft.objects.exists()


def test_the_add_form_keeps_one_copy_per_user_offers_it_and_the_first_save_deletes_it(client, reporter):
    client.force_login(reporter)
    data = form_data(headline="Floods close the coast road", slug="floods-close-the-coast-road")
    assert keep(client, "new", data).status_code == 200
    draft = AutosavedDraft.objects.get()
    assert draft.article is None
    page = client.get(ADD_URL).content.decode()
    assert "Floods close the coast road" in page and "desk-autosave-offer" in page
    assert client.post(ADD_URL, data).status_code == 302
    assert not AutosavedDraft.objects.exists()


def test_a_refused_save_shows_the_form_as_typed_without_an_offer(client, editor, story):
    client.force_login(editor)
    keep(client, story.pk, form_data(story, headline="Parliament rejects the water bill"))
    response = client.post(change_url(story), form_data(story, headline=""))
    assert response.status_code == 200
    assert "desk-autosave-offer" not in response.content.decode()
    assert AutosavedDraft.objects.exists()


# --- The live post form ---------------------------------------------------------------


@pytest.fixture
def live(db, reporter):
    author = AuthorFactory(name="Amina Said", slug="amina-said", user=reporter)
    return LiveStoryFactory(article=ArticleFactory(headline="Election night", authors=[author]))


def test_the_live_post_form_keeps_a_copy_offers_it_and_posting_deletes_it(client, live, reporter):
    client.force_login(reporter)
    typed = {"title": "Exit poll", "body": "<p>Exit poll: 48 to 45.</p>"}
    assert keep(client, live.pk, typed, form="livepost").status_code == 200
    assert AutosavedDraft.objects.get().article == live.article
    page = client.get(reverse("admin:live_livestory_change", args=[live.pk])).content.decode()
    assert "desk-autosave-offer" in page and "<ins>Exit poll</ins>" in page
    client.post(reverse("admin:live_livestory_post", args=[live.pk]), typed)
    assert live.posts.count() == 1
    assert not AutosavedDraft.objects.exists()


def test_only_those_who_may_post_keep_a_copy_of_a_live_post(client, live, other_reporter):
    client.force_login(other_reporter)
    assert keep(client, live.pk, {"title": "x"}, form="livepost").status_code == 403


def test_a_story_one_may_only_read_keeps_no_copy(client, reporter):
    story = ArticleFactory(headline="Someone else's story")
    client.force_login(reporter)
    page = client.get(change_url(story))
    assert page.status_code == 200
    assert 'id="desk-autosave"' not in page.content.decode()


def test_copies_nobody_came_back_for_are_pruned_after_the_keeping_time(editor, story, settings):
    settings.NEWSROOM_AUTOSAVE_KEEP_DAYS = 30
    old = AutosavedDraft.objects.create(user=editor, form="article", article=story, data={})
    AutosavedDraft.objects.filter(pk=old.pk).update(saved_at=timezone.now() - timedelta(days=31))
    recent = AutosavedDraft.objects.create(user=editor, form="article", article=None, data={})
    assert prune_autosaved_copies.call() == 1
    assert list(AutosavedDraft.objects.all()) == [recent]
