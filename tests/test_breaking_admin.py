"""The breaking news desk in the admin: one-step posting, expiring, editing with history, permissions."""

from datetime import timedelta

import pytest
from django.contrib.auth.models import Permission
from django.contrib.messages import get_messages
from django.urls import reverse
from django.utils import timezone
from reversion.models import Version

from breaking.models import BreakingItem
from tests.factories import BreakingItemFactory, UserFactory

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("plain_static_storage")]

CHANGELIST = "admin:breaking_breakingitem_changelist"
POST = "admin:breaking_breakingitem_post"


def post_item(client, text="Minister: talks resume on Monday", edition="en", urgent=False):
    data = {"text": text, "edition": edition}
    if urgent:
        data["urgent"] = "on"
    return client.post(reverse(POST), data)


def message_texts(response):
    return [str(m) for m in get_messages(response.wsgi_request)]


@pytest.fixture
def editor_client(client, editor):
    client.force_login(editor)
    return client


# --- Posting in one step ----------------------------------------------------------------


def test_changelist_offers_the_one_line_form_with_focus(editor_client):
    html = editor_client.get(reverse(CHANGELIST)).content.decode()
    assert f'action="{reverse(POST)}"' in html
    assert 'name="text"' in html
    assert "autofocus" in html


def test_editor_posts_an_item_in_one_step(editor_client, editor):
    response = post_item(editor_client, urgent=True)
    assert response.status_code == 302
    assert response["Location"] == reverse(CHANGELIST)
    item = BreakingItem.objects.get()
    assert item.text == "Minister: talks resume on Monday"
    assert item.posted_by == editor
    assert item.is_urgent
    assert item.is_live
    assert any("Posted to the English ticker" in m for m in message_texts(response))


def test_posting_records_a_first_revision(editor_client):
    post_item(editor_client)
    assert Version.objects.get_for_object(BreakingItem.objects.get()).count() == 1


def test_posted_text_is_stripped_of_markup(editor_client):
    post_item(editor_client, text="<b>Breaking</b>:   <i>storm</i> reaches   the coast")
    assert BreakingItem.objects.get().text == "Breaking: storm reaches the coast"


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("", "it is empty"),
        ("<p> </p>", "it is empty"),
        ("x" * 281, "Keep it to 280 characters: this one has 281"),
    ],
)
def test_empty_or_too_long_items_are_refused_with_a_message(editor_client, text, message):
    response = post_item(editor_client, text=text)
    assert not BreakingItem.objects.exists()
    assert any(message in m for m in message_texts(response))


def test_length_is_counted_after_markup_is_removed(editor_client):
    post_item(editor_client, text="<strong>" + "x" * 280 + "</strong>")
    assert len(BreakingItem.objects.get().text) == 280


def test_duplicate_within_ten_minutes_in_the_same_edition_is_refused(editor_client):
    BreakingItemFactory(text="Minister: talks resume on Monday", edition="en")
    response = post_item(editor_client, text="Minister:  talks resume on Monday")
    assert BreakingItem.objects.count() == 1
    assert any("same line was posted in this edition" in m for m in message_texts(response))


def test_refused_text_is_offered_again_for_fixing(editor_client):
    post_item(editor_client, text="y" * 300, edition="es")
    html = editor_client.get(reverse(CHANGELIST)).content.decode()
    assert 'value="' + "y" * 300 + '"' in html
    assert '<option value="es" selected>' in html


def test_edition_defaults_to_the_editors_last_used_one(editor_client):
    post_item(editor_client, edition="ar")
    html = editor_client.get(reverse(CHANGELIST)).content.decode()
    assert '<option value="ar" selected>' in html


def test_edition_defaults_to_the_admin_language_for_a_first_post(editor_client):
    html = editor_client.get(reverse(CHANGELIST), headers={"Accept-Language": "es"}).content.decode()
    assert '<option value="es" selected>' in html


def test_post_view_refuses_get(editor_client):
    assert editor_client.get(reverse(POST)).status_code == 405


# --- Permissions ---------------------------------------------------------------------------


def test_reporter_cannot_post(client, reporter):
    client.force_login(reporter)
    response = post_item(client)
    assert response.status_code == 403
    assert not BreakingItem.objects.exists()


def test_reporter_cannot_open_the_desk(client, reporter):
    client.force_login(reporter)
    assert client.get(reverse(CHANGELIST)).status_code == 403


def test_staff_without_add_permission_gets_no_post_form(client):
    viewer = UserFactory(username="viewer")
    viewer.user_permissions.add(Permission.objects.get(codename="view_breakingitem"))
    client.force_login(viewer)
    html = client.get(reverse(CHANGELIST)).content.decode()
    assert f'action="{reverse(POST)}"' not in html


def test_reporter_cannot_expire(client, reporter):
    item = BreakingItemFactory()
    client.force_login(reporter)
    assert client.post(reverse("admin:breaking_breakingitem_expire", args=[item.pk])).status_code == 403
    item.refresh_from_db()
    assert item.is_live


def test_anonymous_visitor_is_sent_to_the_login_page(client):
    response = post_item(client)
    assert response.status_code == 302
    assert "login" in response["Location"]
    assert not BreakingItem.objects.exists()


def test_superuser_can_post(client):
    admin_user = UserFactory(username="chief", is_superuser=True)
    client.force_login(admin_user)
    post_item(client)
    assert BreakingItem.objects.filter(posted_by=admin_user).exists()


# --- Expiring -------------------------------------------------------------------------------


def test_changelist_has_an_expire_button_for_live_items(editor_client):
    item = BreakingItemFactory()
    html = editor_client.get(reverse(CHANGELIST)).content.decode()
    assert f'formaction="{reverse("admin:breaking_breakingitem_expire", args=[item.pk])}"' in html
    assert 'id="breaking-expire-form"' in html


def test_expire_now_takes_the_item_off_and_records_a_revision(editor_client):
    item = BreakingItemFactory()
    response = editor_client.post(reverse("admin:breaking_breakingitem_expire", args=[item.pk]))
    assert response.status_code == 302
    item.refresh_from_db()
    assert not item.is_live
    assert Version.objects.get_for_object(item).first().revision.comment == "Expired"


def test_expire_view_refuses_get(editor_client):
    item = BreakingItemFactory()
    assert editor_client.get(reverse("admin:breaking_breakingitem_expire", args=[item.pk])).status_code == 405
    item.refresh_from_db()
    assert item.is_live


def test_expiring_a_missing_item_is_not_found(editor_client):
    assert editor_client.post(reverse("admin:breaking_breakingitem_expire", args=[999])).status_code == 404


def test_bulk_action_expires_the_selected_items(editor_client):
    chosen = [BreakingItemFactory(), BreakingItemFactory()]
    kept = BreakingItemFactory()
    response = editor_client.post(
        reverse(CHANGELIST),
        {"action": "expire_selected", "_selected_action": [item.pk for item in chosen]},
    )
    assert response.status_code == 302
    assert list(BreakingItem.objects.live()) == [kept]
    assert any("2 items expired" in m for m in message_texts(response))


# --- Editing with history ----------------------------------------------------------------------


def change_data(item, **changes):
    local_expiry = timezone.localtime(item.expires_at)
    data = {
        "text": item.text,
        "edition": item.edition,
        "article": "",
        "priority": item.priority,
        "is_active": "on" if item.is_active else "",
        "expires_at_0": local_expiry.strftime("%Y-%m-%d"),
        "expires_at_1": local_expiry.strftime("%H:%M:%S"),
    }
    data.update(changes)
    return {key: value for key, value in data.items() if value != ""}


def test_editing_the_wording_keeps_the_earlier_version(editor_client):
    post_item(editor_client, text="Minister: talks resume on Monday")
    item = BreakingItem.objects.get()
    url = reverse("admin:breaking_breakingitem_change", args=[item.pk])
    response = editor_client.post(url, change_data(item, text="Minister: talks resume on Tuesday"))
    assert response.status_code == 302
    item.refresh_from_db()
    assert item.text == "Minister: talks resume on Tuesday"
    versions = Version.objects.get_for_object(item)
    assert [v.field_dict["text"] for v in versions] == [
        "Minister: talks resume on Tuesday",
        "Minister: talks resume on Monday",
    ]


def test_editing_can_extend_the_expiry(editor_client):
    item = BreakingItemFactory()
    later = item.expires_at + timedelta(hours=2)
    url = reverse("admin:breaking_breakingitem_change", args=[item.pk])
    data = change_data(item)
    data["expires_at_0"] = timezone.localtime(later).strftime("%Y-%m-%d")
    data["expires_at_1"] = timezone.localtime(later).strftime("%H:%M:%S")
    editor_client.post(url, data)
    item.refresh_from_db()
    assert abs(item.expires_at - later) < timedelta(seconds=1)


def test_editing_refuses_an_empty_wording(editor_client):
    item = BreakingItemFactory(text="Original wording")
    url = reverse("admin:breaking_breakingitem_change", args=[item.pk])
    response = editor_client.post(url, change_data(item, text="<br>"))
    assert response.status_code == 200
    assert "it is empty" in response.content.decode()
    item.refresh_from_db()
    assert item.text == "Original wording"


def test_switching_off_from_the_change_form_takes_the_item_off(editor_client):
    item = BreakingItemFactory()
    url = reverse("admin:breaking_breakingitem_change", args=[item.pk])
    data = change_data(item)
    data.pop("is_active")
    editor_client.post(url, data)
    item.refresh_from_db()
    assert not item.is_live
