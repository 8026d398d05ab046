"""The Content-Security-Policy in a real browser: nothing of ours is blocked, the editor still works.

Chromium reports every blocked script, style or frame as a
``securitypolicyviolation`` event; the init script collects them.
"""

import pytest
from playwright.sync_api import expect

from tests.factories import ArticleFactory, UserFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

PASSWORD = "correct-horse-battery"
COLLECT_VIOLATIONS = """
window.__cspViolations = [];
document.addEventListener("securitypolicyviolation", (event) => {
  window.__cspViolations.push(`${event.violatedDirective} ${event.blockedURI} ${event.sourceFile}:${event.lineNumber}`);
});
"""


def violations(page):
    return page.evaluate("window.__cspViolations")


@pytest.fixture
def watched_page(page):
    page.add_init_script(COLLECT_VIOLATIONS)
    return page


def test_public_article_page_runs_without_a_csp_violation(watched_page, live_server):
    article = ArticleFactory(body='<p>Text.</p><iframe src="https://www.youtube-nocookie.com/embed/x"></iframe>')

    watched_page.goto(f"{live_server.url}{article.get_absolute_url()}")
    watched_page.wait_for_load_state("networkidle")

    assert violations(watched_page) == []


def test_home_page_runs_without_a_csp_violation(watched_page, live_server):
    ArticleFactory.create_batch(3)

    watched_page.goto(f"{live_server.url}/en/")
    watched_page.wait_for_load_state("networkidle")

    assert violations(watched_page) == []


def test_injected_inline_script_is_blocked_on_public_pages(watched_page, live_server):
    """Even markup that got past every other defence would not run."""
    watched_page.goto(f"{live_server.url}/en/")
    watched_page.evaluate(
        """() => {
            const script = document.createElement("script");
            script.textContent = "window.__injected = true";
            document.body.appendChild(script);
        }"""
    )

    assert watched_page.evaluate("window.__injected === true") is False
    assert any(v.startswith("script-src") for v in violations(watched_page))


def test_rich_text_editor_loads_and_edits_under_the_admin_policy(watched_page, live_server):
    UserFactory(username="csp-editor", role="Editor")
    watched_page.goto(f"{live_server.url}/admin/login/?next=/admin/articles/article/add/")
    watched_page.fill("#id_username", "csp-editor")
    watched_page.fill("#id_password", PASSWORD)
    watched_page.click("input[type=submit]")

    editor_frame = watched_page.frame_locator(".tox-edit-area iframe")
    body = editor_frame.locator("body")
    expect(body).to_be_visible()
    body.click()
    watched_page.keyboard.type("Typed under the content security policy")

    expect(body).to_contain_text("Typed under the content security policy")
    expect(watched_page.locator(".tox-toolbar__primary")).to_be_visible()
    assert violations(watched_page) == []


def test_api_docs_render_under_the_csp(watched_page, live_server):
    watched_page.goto(f"{live_server.url}/api/docs/")

    expect(watched_page.locator(".swagger-ui .info .title")).to_be_visible()
    assert violations(watched_page) == []
