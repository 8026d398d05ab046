"""Live stories: posts and their rules, the desk in the admin, the reader's pages, updates and feed."""

import json
import re
from datetime import timedelta

import pytest
import reversion
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from reversion.models import Version

from live.events import live_post
from live.models import LivePost, LiveStory
from live.views import POSTS_PAGE_SIZE
from pagecache import middleware
from tests.factories import ArticleFactory, AuthorFactory, LivePostFactory, LiveStoryFactory, PhotoFactory
from tests.test_query_budget import CEILING as ARTICLE_PAGE_CEILING


@pytest.fixture(autouse=True)
def _shared_cache_lifetime(monkeypatch):
    # The local-memory cache keeps pages one second; these tests look at invalidation, not expiry.
    monkeypatch.setattr(middleware, "LOCAL_SECONDS", 60)


@pytest.fixture
def story(db, reporter):
    author = AuthorFactory(name="Amina Said", slug="amina-said", user=reporter)
    article = ArticleFactory(headline="Election night, as it happens", authors=[author])
    return LiveStoryFactory(article=article)


def post_url(story):
    return f"/admin/live/livestory/{story.pk}/post/"


def posts_section(response):
    """The page from the posts on (the head's structured data repeats their text)."""
    html = response.content.decode()
    return html[html.index("data-live-story") :]


def json_ld(response):
    blocks = re.findall(r'<script type="application/ld\+json">(.*?)</script>', response.content.decode(), re.S)
    return [json.loads(block) for block in blocks]


# --- Posts ----------------------------------------------------------------------------


def test_post_body_goes_through_the_article_sanitiser(story):
    post = LivePostFactory(story=story, body='<p onclick="x()">Polls close</p><script>alert(1)</script>')
    assert post.body == "<p>Polls close</p>"


def test_pinning_a_post_unpins_the_one_pinned_before(story):
    first = LivePostFactory(story=story, pinned=True)
    second = LivePostFactory(story=story, pinned=True)
    first.refresh_from_db()
    assert (first.pinned, second.pinned) == (False, True)


def test_editing_the_text_marks_the_post_updated_but_pinning_does_not(story):
    post = LivePostFactory(story=story)
    post.pinned = True
    post.save()
    assert post.edited_at is None
    post.body = "<p>Corrected figure: 52%.</p>"
    post.save()
    assert post.edited_at is not None


def test_a_deleted_post_leaves_readers_but_keeps_its_row_and_history(client, story):
    with reversion.create_revision():
        post = LivePostFactory(story=story, body="<p>Turnout is 61%.</p>")
    with reversion.create_revision():
        post.delete_for_readers()
    assert LivePost.objects.filter(pk=post.pk).exists()
    assert Version.objects.get_for_object(post).count() == 2
    assert "Turnout is 61%" not in client.get(story.article.get_absolute_url()).content.decode()


def test_each_change_to_a_post_is_announced_once(story):
    heard = []

    def listener(sender, post, story, action, **kwargs):
        heard.append((post.pk, story.pk, action))

    live_post.connect(listener)
    try:
        post = LivePostFactory(story=story)
        post.body = "<p>Edited.</p>"
        post.save()
        post.delete_for_readers()
    finally:
        live_post.disconnect(listener)
    assert heard == [(post.pk, story.pk, "posted"), (post.pk, story.pk, "edited"), (post.pk, story.pk, "deleted")]


# --- The desk ---------------------------------------------------------------------------


def test_a_reporter_of_the_story_posts_from_its_admin_page(client, story, reporter):
    client.force_login(reporter)
    page = client.get(f"/admin/live/livestory/{story.pk}/change/")
    assert page.status_code == 200
    assert b"Publish post" in page.content
    response = client.post(post_url(story), {"title": "Exit poll", "body": "<p>Exit poll: 48 to 45.</p>"})
    assert response.status_code == 302
    post = story.posts.get()
    assert (post.title, post.posted_by, post.author.name) == ("Exit poll", reporter, "Amina Said")


def test_a_reporter_not_on_the_story_cannot_post(client, story, other_reporter):
    client.force_login(other_reporter)
    assert client.post(post_url(story), {"body": "<p>Not mine.</p>"}).status_code == 403
    assert not story.posts.exists()


def test_a_reporter_cannot_pin_edit_or_delete(client, story, reporter):
    client.force_login(reporter)
    client.post(post_url(story), {"body": "<p>First.</p>", "pinned": "on"})
    post = story.posts.get()
    assert not post.pinned
    assert client.get(f"/admin/live/livepost/{post.pk}/change/").status_code == 403
    assert client.post(f"/admin/live/livepost/{post.pk}/delete/", {"post": "yes"}).status_code == 403


def test_an_editor_edits_pins_and_deletes_a_post_which_stays_in_history(client, story, editor):
    post = LivePostFactory(story=story, body="<p>Turnout 60%.</p>")
    client.force_login(editor)
    response = client.post(
        f"/admin/live/livepost/{post.pk}/change/", {"title": "", "body": "<p>Turnout 61%.</p>", "pinned": "on"}
    )
    assert response.status_code == 302
    post.refresh_from_db()
    assert (post.body, post.pinned, post.edited_at is not None) == ("<p>Turnout 61%.</p>", True, True)
    assert client.post(f"/admin/live/livepost/{post.pk}/delete/", {"post": "yes"}).status_code == 302
    post.refresh_from_db()
    assert post.deleted_at is not None and not post.pinned
    assert Version.objects.get_for_object(post).count() == 2


def test_a_refused_post_comes_back_with_its_text(client, story, editor):
    client.force_login(editor)
    response = client.post(post_url(story), {"title": "Half-typed"}, follow=True)
    assert not story.posts.exists()
    assert b'value="Half-typed"' in response.content
    assert b"This field is required" in response.content


def test_a_closed_story_takes_no_posts(client, story, editor):
    story.closed_at = timezone.now()
    story.save()
    client.force_login(editor)
    assert client.post(post_url(story), {"body": "<p>Late.</p>"}).status_code == 403


# --- Readers ----------------------------------------------------------------------------


def test_readers_get_posts_newest_first_with_pinned_and_key_events_on_top(client, story):
    now = timezone.now()
    LivePostFactory(story=story, body="<p>Polls open.</p>", posted_at=now - timedelta(hours=3), key_event=True)
    LivePostFactory(story=story, body="<p>Queues at noon.</p>", posted_at=now - timedelta(hours=2))
    LivePostFactory(story=story, body="<p>How to read the results.</p>", posted_at=now - timedelta(hours=4), pinned=1)
    html = posts_section(client.get(story.article.get_absolute_url()))
    assert html.index("How to read") < html.index("Queues at noon") < html.index("Polls open.</p>")
    events = html[html.index('id="key-events-heading"') :]
    assert "Polls open." in events[: events.index("</nav>")]
    assert "Coverage ended" not in html


def test_an_open_story_shows_live_on_its_page(client, story):
    assert 'class="live-badge"' in client.get(story.article.get_absolute_url()).content.decode()


def test_a_story_may_read_oldest_first(client, story):
    story.order = LiveStory.Order.OLDEST
    story.save()
    now = timezone.now()
    LivePostFactory(story=story, body="<p>Kick-off.</p>", posted_at=now - timedelta(minutes=90))
    LivePostFactory(story=story, body="<p>Goal!</p>", posted_at=now - timedelta(minutes=10))
    html = posts_section(client.get(story.article.get_absolute_url()))
    assert html.index("Kick-off") < html.index("Goal!")


def test_oldest_first_pages_lead_on_to_newer_posts(client, story):
    story.order = LiveStory.Order.OLDEST
    story.save()
    LivePost.objects.bulk_create([LivePost(story=story, body=f"<p>{n}</p>") for n in range(POSTS_PAGE_SIZE + 1)])
    html = posts_section(client.get(story.article.get_absolute_url()))
    assert '<a rel="next" href="?page=2">Newer</a>' in html
    assert "data-updates-url" not in html  # new posts arrive on the last page, not this one


def test_a_closed_story_says_coverage_ended_and_loses_its_live_badge(client, story):
    story.closed_at = timezone.now()
    story.save()
    html = client.get(story.article.get_absolute_url()).content.decode()
    assert "Coverage ended" in html
    assert 'class="live-badge"' not in html
    assert "data-updates-url" not in html


def test_an_edited_post_shows_when_it_was_updated(client, story):
    post = LivePostFactory(story=story)
    post.body = "<p>Corrected.</p>"
    post.save()
    assert "Updated " in client.get(story.article.get_absolute_url()).content.decode()


def test_the_permalink_of_an_old_post_opens_the_page_it_is_on(client, story):
    now = timezone.now()
    posts = [LivePostFactory(story=story, posted_at=now - timedelta(minutes=n)) for n in range(POSTS_PAGE_SIZE * 2 + 5)]
    oldest = posts[-1]
    response = client.get(oldest.get_absolute_url())
    assert response.status_code == 302
    assert response["Location"] == f"{story.article.get_absolute_url()}?page=3#post-{oldest.pk}"
    page = client.get(response["Location"].split("#")[0])
    assert f'id="post-{oldest.pk}"' in page.content.decode()
    assert client.get(posts[0].get_absolute_url())["Location"].endswith(f"/#post-{posts[0].pk}")


def test_cards_and_the_live_page_show_open_live_stories(client, story):
    ArticleFactory(headline="An ordinary story")
    live_page = client.get("/en/live/").content.decode()
    assert "Election night, as it happens" in live_page
    assert live_page.count('class="card-live"') == 1
    home = client.get("/en/").content.decode()
    assert home.count('class="card-live"') == 1


def test_junk_live_addresses_are_not_found(client, story):
    for url in ("/en/live/999999/updates.json", "/en/live/999999/posts/1/", f"/ar/live/{story.pk}/updates.json"):
        assert client.get(url).status_code == 404, url


def test_arabic_story_is_right_to_left(client, db):
    article = ArticleFactory(edition="ar", headline="الانتخابات مباشرة", slug="الانتخابات-مباشرة")
    story = LiveStoryFactory(article=article)
    LivePostFactory(story=story, body="<p>فتح باب الاقتراع.</p>")
    html = client.get(article.get_absolute_url()).content.decode()
    assert '<html lang="ar" dir="rtl">' in html
    assert "فتح باب الاقتراع" in html and "مباشر" in html


# --- Structured data and feed -------------------------------------------------------------


def test_the_page_describes_itself_as_a_live_blog(client, story):
    LivePostFactory(story=story, title="Exit poll", body="<p>48 to 45.</p>")
    data = json_ld(client.get(story.article.get_absolute_url()))
    blog = next(item for item in data if item["@type"] == "LiveBlogPosting")
    assert blog["coverageStartTime"] == story.started_at.isoformat()
    assert "coverageEndTime" not in blog
    assert blog["liveBlogUpdate"][0]["headline"] == "Exit poll"
    assert blog["liveBlogUpdate"][0]["articleBody"] == "48 to 45."
    assert not any(item["@type"] == "NewsArticle" for item in data)


def test_a_closed_story_gives_its_coverage_end(client, story):
    story.closed_at = timezone.now()
    story.save()
    data = json_ld(client.get(story.article.get_absolute_url()))
    assert data[0]["coverageEndTime"] == story.closed_at.isoformat()


def test_the_atom_feed_lists_posts_newest_first(client, story):
    LivePostFactory(story=story, title="First", posted_at=timezone.now() - timedelta(minutes=5))
    LivePostFactory(story=story, title="Second")
    response = client.get(story.feed_url)
    assert response["Content-Type"].startswith("application/atom+xml")
    body = response.content.decode()
    assert body.index("Second") < body.index("First")


# --- Updates for the reader's browser -------------------------------------------------------


def test_updates_answer_304_from_the_cache_without_the_database(client, story):
    LivePostFactory(story=story, body="<p>Polls open.</p>")
    first = client.get(story.updates_url)
    assert first.status_code == 200
    assert json.loads(first.content)["posts"][0]["html"].count("Polls open.") == 1
    with CaptureQueriesContext(connection) as queries:
        again = client.get(story.updates_url, HTTP_IF_NONE_MATCH=first["ETag"])
    assert again.status_code == 304
    assert len(queries) == 0


def test_updates_are_kept_without_the_database_when_the_page_cache_is_off(client, story, settings):
    settings.NEWSROOM_PAGE_CACHE = False
    LivePostFactory(story=story)
    etag = client.get(story.updates_url)["ETag"]
    with CaptureQueriesContext(connection) as queries:
        assert client.get(story.updates_url, HTTP_IF_NONE_MATCH=etag).status_code == 304
        assert client.get(story.updates_url).status_code == 200
    assert len(queries) == 0


def test_a_new_post_renews_its_story_only(client, story):
    other = ArticleFactory(headline="Unrelated story")
    LivePostFactory(story=story)
    urls = [story.article.get_absolute_url(), story.updates_url, story.feed_url]
    etags = {url: client.get(url)["ETag"] for url in urls}
    client.get(other.get_absolute_url())
    client.get("/en/")
    new = LivePostFactory(story=story, body="<p>Results are in.</p>")
    for url in urls:
        response = client.get(url, HTTP_IF_NONE_MATCH=etags[url])
        assert response.status_code == 200, url
        assert "Results are in." in response.content.decode(), url
    assert client.get(other.get_absolute_url())["X-Page-Cache"] == "hit"
    assert client.get("/en/")["X-Page-Cache"] == "hit"
    assert json.loads(client.get(story.updates_url).content)["posts"][0]["id"] == new.pk


def test_updates_list_deleted_posts_so_browsers_drop_them(client, story):
    post = LivePostFactory(story=story)
    post.delete_for_readers()
    data = json.loads(client.get(story.updates_url).content)
    assert data["removed"] == [post.pk] and data["posts"] == []


# --- Cost -------------------------------------------------------------------------------------


def queries_for(client, url):
    client.get(url)
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


def test_a_story_with_2000_posts_costs_what_it_costs_with_one_within_the_article_budget(
    client, story, uncached, django_assert_max_num_queries
):
    story.article.hero_photo = PhotoFactory()
    story.article.save()
    story.article.tags.add("elections")
    LivePostFactory(story=story, key_event=True)
    one_post = queries_for(client, story.article.get_absolute_url())
    posts = [LivePost(story=story, body=f"<p>Update {n}.</p>", key_event=n % 50 == 0) for n in range(2000)]
    LivePost.objects.bulk_create(posts)
    client.get(story.article.get_absolute_url())
    with django_assert_max_num_queries(min(one_post, ARTICLE_PAGE_CEILING)):
        response = client.get(story.article.get_absolute_url())
    assert posts_section(response).count('<article class="live-post') == POSTS_PAGE_SIZE


# --- API and ninjs ------------------------------------------------------------------------------


def test_the_api_carries_a_live_story_and_its_posts(client, story):
    LivePostFactory(story=story, title="Exit poll", posted_at=timezone.now() - timedelta(minutes=1))
    LivePostFactory(story=story, title="First results").delete_for_readers()
    LivePostFactory(story=story, title="Turnout")
    data = client.get(f"/api/v1/articles/{story.pk}/").json()
    assert data["live"]["is_open"] is True
    assert [post["title"] for post in data["live"]["posts"]] == ["Turnout", "Exit poll"]
    pages = client.get(data["live"]["posts_url"] + "?page_size=1").json()
    assert [post["title"] for post in pages["results"]] == ["Turnout"]
    assert client.get(pages["next"]).json()["results"][0]["title"] == "Exit poll"


def test_the_api_gives_no_live_coverage_for_other_stories(client, db):
    article = ArticleFactory()
    assert client.get(f"/api/v1/articles/{article.pk}/").json()["live"] is None
    assert client.get(f"/api/v1/articles/{article.pk}/live-posts/").status_code == 404


@pytest.mark.parametrize("pk", ["9223372036854775808", "21826749886020707986440192", "abc"])
def test_an_id_no_story_can_have_is_a_json_404_for_live_posts(client, db, pk):
    response = client.get(f"/api/v1/articles/{pk}/live-posts/")
    assert (response.status_code, response.json()["code"]) == (404, "not_found")


@pytest.mark.parametrize("version", ["3", "2"])
def test_ninjs_export_carries_the_posts_and_validates(client, story, version):
    from newsformats.ninjs import schema_validator

    LivePostFactory(story=story, title="Exit poll", body="<p>48 to 45.</p>")
    data = client.get(f"/api/v1/articles/{story.pk}.ninjs?version={version}").json()
    posts = [item for item in data["associations"] if item["type"] == "text"]
    assert posts[0]["headlines"][0]["value"] == "Exit poll"
    assert posts[0]["bodies"][0]["value"] == "<p>48 to 45.</p>"
    assert [error.message for error in schema_validator(version).iter_errors(data)] == []


def test_closing_a_story_reaches_its_updates_at_once(client, story):
    LivePostFactory(story=story)
    assert json.loads(client.get(story.updates_url).content)["open"] is True
    story.closed_at = timezone.now()
    story.save()
    assert json.loads(client.get(story.updates_url).content)["open"] is False


def test_unpublishing_a_live_story_stops_its_updates(client, story):
    LivePostFactory(story=story)
    assert client.get(story.updates_url).status_code == 200
    story.article.status = "unpublished"
    story.article.save()
    assert client.get(story.updates_url).status_code == 404
