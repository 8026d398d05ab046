"""The desk in a real browser: autosave and its restore offer, re-login in place, presence (desk.editing)."""

import pytest
from django.contrib.sessions.models import Session
from django.utils import timezone
from playwright.sync_api import expect

from articles.models import Article
from desk.models import AutosavedDraft
from tests.browser.steps import wait_for_body_editor
from tests.factories import ArticleFactory, UserFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

PASSWORD = "correct-horse-battery"


@pytest.fixture(autouse=True)
def _quick_desk(settings):
    settings.NEWSROOM_AUTOSAVE_DELAY_SECONDS = 0.3
    settings.NEWSROOM_PRESENCE_HEARTBEAT_SECONDS = 0.5


def log_in(page, live_server, username):
    page.goto(f"{live_server.url}/admin/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", PASSWORD)
    page.click("input[type=submit]")
    expect(page.locator("#user-tools")).to_be_visible()


def open_story(page, live_server, story):
    page.goto(f"{live_server.url}/admin/articles/article/{story.pk}/change/")
    wait_for_body_editor(page)


def type_at_end(field, text):
    field.press("End")
    field.press_sequentially(text)


def type_in_body(page, text):
    body = page.frame_locator("#id_body_ifr").locator("body")
    body.click()
    page.keyboard.press("End")
    body.press_sequentially(text)


@pytest.fixture
def story(db):
    return ArticleFactory(headline="Harbour reopens", body="<p>Ships queued outside the port.</p>")


def new_tab(context):
    page = context.new_page()
    page.set_default_timeout(10_000)
    return page


@pytest.fixture
def editing(browser, live_server, story):
    """A night editor's browser with the story open in a tab: the browser context and the tab."""
    UserFactory(username="night-editor", role="Editor")
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="en-GB")
    page = new_tab(context)
    log_in(page, live_server, "night-editor")
    open_story(page, live_server, story)
    return context, page


def test_typing_then_closing_the_tab_offers_the_text_back_with_its_time_and_a_diff(
    editing, live_server, story, artifacts
):
    context, page = editing
    type_at_end(page.locator("#id_headline"), " after strike")
    type_in_body(page, " The first ship docked at dawn.")
    expect(page.locator(".desk-autosave-status")).to_contain_text("A copy of your changes was kept at")
    page.close()  # no save

    story.refresh_from_db()
    assert story.headline == "Harbour reopens"  # the story itself is untouched
    saved_at = timezone.localtime(AutosavedDraft.objects.get().saved_at).strftime("%Y-%m-%d %H:%M")

    page = new_tab(context)
    open_story(page, live_server, story)
    offer = page.locator(".desk-autosave-offer")
    expect(offer).to_contain_text(f"Unsaved changes from {saved_at}")
    expect(offer.locator("ins", has_text="after strike")).to_be_visible()
    expect(offer.locator("ins", has_text="The first ship docked at dawn.")).to_be_visible()
    assert page.locator("#id_headline").input_value() == "Harbour reopens"
    offer.screenshot(path=artifacts / "desk-autosave-offer.png")

    offer.get_by_role("button", name="Restore").click()
    expect(offer).to_have_count(0)
    expect(page.locator("#id_headline")).to_have_value("Harbour reopens after strike")
    assert "The first ship docked at dawn." in page.evaluate("tinymce.activeEditor.getContent()")
    story.refresh_from_db()
    assert story.headline == "Harbour reopens"  # restored into the form, not saved

    page.click("input[name=_continue]")
    expect(page.locator(".messagelist")).to_contain_text("was changed successfully")
    assert Article.objects.get(pk=story.pk).headline == "Harbour reopens after strike"
    assert not AutosavedDraft.objects.exists()
    expect(page.locator(".desk-autosave-offer")).to_have_count(0)
    context.close()


def test_a_row_added_under_the_form_comes_back_with_the_copy(editing, live_server, story):
    context, page = editing
    corrections = page.locator("#corrections-group")
    corrections.locator(".add-row a").click()
    corrections.locator("textarea[name='corrections-0-text']").fill("An earlier version gave the wrong port.")
    expect(page.locator(".desk-autosave-status")).to_contain_text("A copy of your changes was kept at")
    page.close()

    page = new_tab(context)
    open_story(page, live_server, story)
    offer = page.locator(".desk-autosave-offer")
    expect(offer).to_contain_text("Correction or update 1: Text")
    offer.get_by_role("button", name="Restore").click()
    expect(page.locator("textarea[name='corrections-0-text']")).to_have_value("An earlier version gave the wrong port.")
    page.click("input[name=_continue]")
    expect(page.locator(".messagelist")).to_contain_text("was changed successfully")
    assert list(story.corrections.values_list("text", flat=True)) == ["An earlier version gave the wrong port."]
    context.close()


def test_an_expired_session_asks_to_log_in_again_in_the_page_and_the_save_goes_through(page, live_server, story):
    UserFactory(username="night-editor", role="Editor")
    log_in(page, live_server, "night-editor")
    open_story(page, live_server, story)
    Session.objects.all().delete()  # the session ran out while the form was open

    type_at_end(page.locator("#id_headline"), " after strike")
    dialog = page.locator("#desk-login-dialog")
    expect(dialog).to_be_visible()
    expect(dialog).to_contain_text("Your session has expired")
    assert page.evaluate("Object.keys(localStorage).some((key) => key.startsWith('desk-autosave:'))")

    dialog.locator("#desk-login-password").fill(PASSWORD)
    dialog.get_by_role("button", name="Log in").click()
    expect(dialog).to_be_hidden()
    expect(page.locator(".desk-autosave-status")).to_contain_text("A copy of your changes was kept at")
    assert AutosavedDraft.objects.get().data["headline"] == ["Harbour reopens after strike"]

    Session.objects.all().delete()  # and once more, just before the save
    page.click("input[name=_continue]")
    expect(dialog).to_be_visible()
    dialog.locator("#desk-login-password").fill(PASSWORD)
    dialog.locator("#desk-login-password").press("Enter")
    expect(page.locator(".messagelist")).to_contain_text("was changed successfully")
    assert Article.objects.get(pk=story.pk).headline == "Harbour reopens after strike"


def test_an_editor_opening_a_story_another_has_open_sees_who_and_since_when(browser, live_server, story, artifacts):
    UserFactory(username="amira", first_name="Amira", last_name="Haddad", role="Editor")
    UserFactory(username="ben", role="Editor")
    contexts = [browser.new_context(viewport={"width": 1280, "height": 900}, locale="en-GB") for _ in range(2)]
    first, second = (context.new_page() for context in contexts)
    log_in(first, live_server, "amira")
    open_story(first, live_server, story)
    opened = timezone.localtime().strftime("%H:%M")
    expect(first.locator("#desk-presence")).to_be_hidden()

    log_in(second, live_server, "ben")
    open_story(second, live_server, story)
    warning = second.locator("#desk-presence")
    expect(warning).to_be_visible()
    expect(warning).to_contain_text(f"Amira Haddad is editing since {opened}")
    second.screenshot(path=artifacts / "desk-presence.png")
    # Amira's next beat tells her too.
    expect(first.locator("#desk-presence")).to_contain_text("ben is editing since")

    second.goto(f"{live_server.url}/admin/articles/article/")
    expect(second.locator(".desk-open-now", has_text="Amira Haddad")).to_be_visible()

    first.close()  # her tab's goodbye beacon: gone from the list at once, not a minute later
    for _ in range(20):  # the beacon may land just after a reload
        second.reload()
        if second.locator(".desk-open-now").count() == 0:
            break
        second.wait_for_timeout(250)
    expect(second.locator(".desk-open-now")).to_have_count(0)
    for context in contexts:
        context.close()
