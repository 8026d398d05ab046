"""The alerts prompt waits for a reader's third page, and the edition's service worker shows an alert.

The push message is handed to the service worker through Chromium's DevTools protocol, as the
browser does when its push service delivers one (no push service is reachable from tests).
"""

import json

import pytest
from playwright.sync_api import expect

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


def test_the_prompt_waits_for_the_third_page_and_not_now_means_not_now(page, live_server):
    page.goto(f"{live_server.url}/en/")
    page.goto(f"{live_server.url}/en/")
    page.wait_for_timeout(500)
    expect(page.locator(".push-prompt")).to_have_count(0)

    page.goto(f"{live_server.url}/en/")
    prompt = page.locator(".push-prompt")
    expect(prompt).to_contain_text("Get an alert when big news breaks?")
    prompt.get_by_role("button", name="Not now").click()
    expect(prompt).to_have_count(0)

    page.goto(f"{live_server.url}/en/")
    page.wait_for_timeout(500)
    expect(page.locator(".push-prompt")).to_have_count(0)


def test_the_arabic_prompt_speaks_arabic(page, live_server):
    for _visit in range(3):
        page.goto(f"{live_server.url}/ar/")
    expect(page.locator(".push-prompt")).to_contain_text("تنبيه")


def test_the_service_worker_shows_a_pushed_alert_in_the_editions_direction(browser, live_server):
    context = browser.new_context(locale="ar")
    context.grant_permissions(["notifications"], origin=live_server.url)
    page = context.new_page()
    page.goto(f"{live_server.url}/ar/")
    registration = page.evaluate(
        """async () => {
            const registration = await navigator.serviceWorker.register("/ar/push/sw.js", {scope: "/ar/"});
            await navigator.serviceWorker.ready;
            return registration.scope;
        }"""
    )
    assert registration == f"{live_server.url}/ar/"
    session = context.new_cdp_session(page)
    session.send("ServiceWorker.enable")
    versions = []
    session.on("ServiceWorker.workerRegistrationUpdated", lambda event: versions.extend(event["registrations"]))
    page.wait_for_timeout(500)
    [registration_id] = {r["registrationId"] for r in versions if r["scopeURL"].endswith("/ar/")}
    alert = {"title": "خبر عاجل", "body": "الرئيس: المحادثات تستأنف", "url": f"{live_server.url}/ar/", "tag": "t1"}
    shown = None
    for _attempt in range(5):  # Chromium may drop a push handed over while the worker is still starting
        session.send(
            "ServiceWorker.deliverPushMessage",
            {"origin": live_server.url, "registrationId": registration_id, "data": json.dumps(alert)},
        )
        shown = page.evaluate(
            """async () => {
                const registration = await navigator.serviceWorker.ready;
                for (let i = 0; i < 20; i++) {
                    const notifications = await registration.getNotifications();
                    if (notifications.length) {
                        const n = notifications[0];
                        return {title: n.title, body: n.body, dir: n.dir, lang: n.lang, url: n.data.url};
                    }
                    await new Promise((resolve) => setTimeout(resolve, 100));
                }
                return null;
            }"""
        )
        if shown:
            break
    context.close()
    assert shown == {"title": alert["title"], "body": alert["body"], "dir": "rtl", "lang": "ar", "url": alert["url"]}
